import type { Command } from 'commander';
import { authorize } from '../../policies/authorize.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import { addAccount } from '../../services/accounts/addAccount.js';
import { listAccounts } from '../../services/accounts/listAccounts.js';
import { removeAccount } from '../../services/accounts/removeAccount.js';
import { resealAccountSecrets } from '../../services/accounts/resealAccountSecrets.js';
import { rotateAccountKey } from '../../services/accounts/rotateAccountKey.js';
import { envSchema } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { registerSecret } from '../../log/redact.js';
import { withCli, withJson } from '../context.js';
import { shanghai } from '../format.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';
import { readSecret, readStdinLines } from '../secretInput.js';

type Json = { json?: boolean };
const secretPrompt = () => t('SecretAccessKey（输入不回显）: ', 'SecretAccessKey (not echoed): ');
const fromStdin = t(
  'SecretAccessKey 从标准输入读取，或在提示处输入（从不出现在命令行）',
  'the SecretAccessKey is read from stdin or a hidden prompt, never from the command line',
);

const present = (a: AccountDto) => ({
  id: a.id,
  name: a.name,
  source: a.source,
  accessKeyId: a.accessKeyId,
  region: a.region,
  endpoint: a.endpoint,
  createdAt: a.createdAt.toISOString(),
});

export function registerAccount(program: Command): void {
  const account = program
    .command('account')
    .description(t('管理火山引擎主账号', 'manage Volcengine main accounts'));

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

  withJson(account.command('list'))
    .description(t('列出主账号（不含密钥）', 'list main accounts (never their secrets)'))
    .action(
      action((opts: Json) =>
        withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'account.manage');
          const list = await listAccounts(deps);
          out(
            opts,
            () => list.map(present),
            () =>
              renderTable(
                [
                  { header: t('名称', 'name'), value: (a) => a.name },
                  {
                    header: t('来源', 'source'),
                    value: (a) =>
                      a.source === 'env' ? t('环境变量', 'environment') : t('数据库', 'database'),
                  },
                  { header: 'AccessKeyId', value: (a) => a.accessKeyId },
                  { header: t('地域', 'region'), value: (a) => a.region },
                  { header: t('地址', 'endpoint'), value: (a) => a.endpoint ?? '-' },
                  { header: t('添加时间', 'added'), value: (a) => shanghai(a.createdAt) },
                ],
                list,
                t('（没有主账号）', '(no main accounts)'),
              ),
          );
        }),
      ),
    );

  withJson(account.command('remove'))
    .description(t('移除没有子账号的主账号', 'remove a main account that has no sub-accounts'))
    .argument('<name>', t('账号名', 'account name'))
    .action(
      action((name: string, opts: Json) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'account.manage');
          const a = await removeAccount(deps, { actor, name, requestId: requestId() });
          out(
            opts,
            () => present(a),
            () => t(`已移除主账号 ${a.name}\n`, `removed main account ${a.name}\n`),
          );
        }),
      ),
    );

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
