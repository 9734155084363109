import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { rotateAccountKey } from '../../../services/accounts/rotateAccountKey.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { readSecret } from '../../secretInput.js';
import { secretPrompt, fromStdin, present } from './shared.js';

/** `airgate account rotate-key` */
export function registerAccountRotateKey(account: Command): void {
  withJson(account.command('rotate-key'))
    .description(
      `${t('更换主账号的 AccessKey（在火山引擎轮换之后）', "replace a main account's access key (after rotating it on Volcengine)")}; ${fromStdin}`,
    )
    .argument('<name>', t('账号名', 'account name'))
    .requiredOption('--access-key-id <id>', t('新的 AccessKeyId', 'the new AccessKeyId'))
    .action(
      action((name: string, opts: Json & { accessKeyId: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'account.manage');
          const secretAccessKey = await readSecret(secretPrompt());
          const a = await rotateAccountKey(deps, {
            actor,
            name,
            accessKeyId: opts.accessKeyId,
            secretAccessKey,
            requestId: requestId(),
          });
          out(
            opts,
            () => present(a),
            () =>
              t(
                `已更换 ${a.name} 的密钥（${a.accessKeyId}）\n`,
                `replaced the key of ${a.name} (${a.accessKeyId})\n`,
              ),
          );
        }),
      ),
    );
}
