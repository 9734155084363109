import type { Command } from 'commander';
import { API_SCOPES } from '../../../policies/actor.js';
import { authorize } from '../../../policies/authorize.js';
import { createApiKey } from '../../../services/apiKeys/createApiKey.js';
import { commaList, withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderFields } from '../../table.js';

/** `airgate apikey create` */
export function registerApiKeyCreate(apikey: Command): void {
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
}
