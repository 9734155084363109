import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { addAccount } from '../../../services/accounts/addAccount.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { readSecret } from '../../secretInput.js';
import { secretPrompt, fromStdin, present } from './shared.js';

/** `airgate account add` */
export function registerAccountAdd(account: Command): void {
  withJson(account.command('add'))
    .description(
      `${t('添加主账号（密钥加密保存）', 'add a main account (its secret stored encrypted)')}; ${fromStdin}`,
    )
    .argument('<name>', t('账号名（1–64 个字母、数字、_ -）', 'account name (1-64 letters, digits, _ -)'))
    .requiredOption('--access-key-id <id>', 'AccessKeyId')
    .option('--region <region>', t('地域，默认 VOLC_REGION', 'region, default VOLC_REGION'))
    .option(
      '--endpoint <url>',
      t('OpenAPI 地址（默认官方地址）', 'OpenAPI base URL (default: the official hosts)'),
    )
    .action(
      action((name: string, opts: Json & { accessKeyId: string; region?: string; endpoint?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'account.manage');
          const secretAccessKey = await readSecret(secretPrompt());
          const a = await addAccount(deps, {
            actor,
            name,
            accessKeyId: opts.accessKeyId,
            secretAccessKey,
            region: opts.region,
            endpoint: opts.endpoint,
            requestId: requestId(),
          });
          out(
            opts,
            () => present(a),
            () =>
              t(
                `已添加主账号 ${a.name}（${a.accessKeyId}）\n`,
                `added main account ${a.name} (${a.accessKeyId})\n`,
              ),
          );
        }),
      ),
    );
}
