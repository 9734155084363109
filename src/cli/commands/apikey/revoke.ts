import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { revokeApiKey } from '../../../services/apiKeys/revokeApiKey.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';

/** `airgate apikey revoke` */
export function registerApiKeyRevoke(apikey: Command): void {
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
