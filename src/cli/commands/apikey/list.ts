import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { listApiKeys } from '../../../services/apiKeys/listApiKeys.js';
import { withCli, withJson, type Json } from '../../context.js';
import { shanghai } from '../../format.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';

/** `airgate apikey list` */
export function registerApiKeyList(apikey: Command): void {
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
}
