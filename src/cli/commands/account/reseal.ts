import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { resealAccountSecrets } from '../../../services/accounts/resealAccountSecrets.js';
import { envSchema } from '../../../config/schema.js';
import { UsageError } from '../../../errors.js';
import { registerSecret } from '../../../log/redact.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { readStdinLines } from '../../secretInput.js';

/** `airgate account reseal` */
export function registerAccountReseal(account: Command): void {
  withJson(account.command('reseal'))
    .description(
      t(
        '更换 AIRGATE_ENCRYPTION_KEY 之后，用新密钥重新加密保存的密钥；旧密钥从标准输入读取，每行一个',
        'after changing AIRGATE_ENCRYPTION_KEY, re-encrypt stored secrets with it; previous keys are read from stdin, one a line',
      ),
    )
    .action(
      action((opts: Json) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'account.manage');
          const previousKeys = (await readStdinLines()).map((line) => {
            registerSecret(line);
            const parsed = envSchema.shape.AIRGATE_ENCRYPTION_KEY.safeParse(line);
            if (!parsed.success || !parsed.data)
              throw new UsageError(
                t(
                  '旧密钥须为 64 位十六进制或 base64 的 32 字节',
                  'a previous key is 32 bytes as 64 hex characters or base64',
                ),
              );
            return parsed.data;
          });
          const r = await resealAccountSecrets(deps, { actor, previousKeys, requestId: requestId() });
          out(
            opts,
            () => r,
            () =>
              t(
                `重新加密 ${r.resealed} 个，已是最新 ${r.alreadyCurrent} 个，失败 ${r.failed.length} 个\n`,
                `resealed ${r.resealed}, already current ${r.alreadyCurrent}, failed ${r.failed.length}\n`,
              ),
          );
          if (r.failed.length > 0) process.exitCode = 1;
        }),
      ),
    );
}
