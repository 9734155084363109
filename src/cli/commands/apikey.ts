import type { Command } from 'commander';
import { API_SCOPES } from '../../policies/actor.js';
import { authorize } from '../../policies/authorize.js';
import { createApiKey } from '../../services/apiKeys/createApiKey.js';
import { listApiKeys } from '../../services/apiKeys/listApiKeys.js';
import { revokeApiKey } from '../../services/apiKeys/revokeApiKey.js';
import { commaList, withCli, withJson } from '../context.js';
import { shanghai } from '../format.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderFields, renderTable } from '../table.js';

type Json = { json?: boolean };

export function registerApiKey(program: Command): void {
  const apikey = program
    .command('apikey')
    .description(t('管理外部系统使用的 API key', 'manage API keys for external systems'));

  withJson(apikey.command('create'))
    .description(t('创建 API key；密钥只显示这一次', 'create an API key; the key is shown this once'))
    .requiredOption(
      '--name <name>',
      t('名称（1–64 个字母、数字或 _.-）', 'name (1-64 letters, digits or _.-)'),
    )
    .requiredOption(
      '--scopes <scopes>',
      `${t('权限范围，逗号分隔', 'scopes, comma-separated')}: ${API_SCOPES.join(',')}`,
    )
    .action(
      action((opts: Json & { name: string; scopes: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'apikey.manage');
          const k = await createApiKey(deps, {
            actor,
            name: opts.name,
            scopes: commaList(opts.scopes),
            requestId: requestId(),
          });
          out(
            opts,
            () => ({
              id: k.id,
              key: k.key,
              name: k.name,
              prefix: k.prefix,
              scopes: k.scopes,
              createdAt: k.createdAt.toISOString(),
            }),
            () =>
              renderFields([
                ['id', k.id],
                [t('名称', 'name'), k.name],
                [t('权限范围', 'scopes'), k.scopes.join(',')],
                ['key', k.key],
              ]) +
              t(
                '请立即保存该 key：它只以哈希保存，不会再次显示。\n',
                'Store the key now: only its hash is kept and it will not be shown again.\n',
              ),
          );
        }),
      ),
    );

  withJson(apikey.command('list'))
    .description(t('列出 API key（不含密钥）', 'list API keys (never the keys themselves)'))
    .action(
      action((opts: Json) =>
        withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'apikey.manage');
          const list = await listApiKeys(deps);
          out(
            opts,
            () => list,
            () =>
              renderTable(
                [
                  { header: 'id', value: (k) => k.id },
                  { header: t('名称', 'name'), value: (k) => k.name },
                  { header: t('前缀', 'prefix'), value: (k) => k.prefix },
                  { header: t('权限范围', 'scopes'), value: (k) => k.scopes.join(',') },
                  { header: t('最近使用', 'last used'), value: (k) => shanghai(k.lastUsedAt) },
                  {
                    header: t('状态', 'state'),
                    value: (k) =>
                      k.revokedAt
                        ? t(`已吊销 ${shanghai(k.revokedAt)}`, `revoked ${shanghai(k.revokedAt)}`)
                        : t('有效', 'active'),
                  },
                ],
                list,
                t('（没有 API key）', '(no API keys)'),
              ),
          );
        }),
      ),
    );

  withJson(apikey.command('revoke'))
    .description(t('吊销 API key，下一个请求起生效', 'revoke an API key, effective from the next request'))
    .argument('<key>', t('API key 的 id、前缀或名称', "the key's id, prefix or name"))
    .action(
      action((ref: string, opts: Json) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'apikey.manage');
          const k = await revokeApiKey(deps, { actor, key: ref, requestId: requestId() });
          out(
            opts,
            () => k,
            () =>
              k.alreadyRevoked
                ? t(`API key ${k.name} 早已吊销\n`, `API key ${k.name} was already revoked\n`)
                : t(`已吊销 API key ${k.name}\n`, `revoked API key ${k.name}\n`),
          );
        }),
      ),
    );
}
