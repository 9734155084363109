import type { Command } from 'commander';
import { errorTextBoth } from '../../../cards/lib/errorText.js';
import { exitCodeFor } from '../../errors.js';
import { authorize } from '../../policies/authorize.js';
import { createSubAccount } from '../../services/iam/createSubAccount.js';
import { importSubAccount } from '../../services/iam/importSubAccount.js';
import { resolveAccount } from '../../services/iam/resolveAccount.js';
import { syncSubAccounts } from '../../services/iam/syncSubAccounts.js';
import { withCli, withJson } from '../context.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderFields } from '../table.js';
import { presentProject, presentSubAccount } from './userPresent.js';
import { registerUserAccess } from './userAccess.js';
import { registerUserViews } from './userViews.js';

type Json = { json?: boolean };

/** `airgate user …`: list and show (userViews.ts), create, sync, import, disable and enable (userAccess.ts). */
export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .description(t('管理子账号（火山引擎 IAM 用户）', 'manage sub-accounts (Volcengine IAM users)'));
  registerUserViews(user);

  withJson(user.command('create'))
    .description(
      t(
        '在火山引擎创建子账号及其 AccessKey；SecretAccessKey 只显示这一次',
        'create a sub-account and its access key on Volcengine; the SecretAccessKey is shown this once',
      ),
    )
    .argument(
      '<user>',
      t('新用户名（1–64 个字母、数字或 ._@+=,-）', 'new user name (1-64 letters, digits or ._@+=,-)'),
    )
    .option('--display-name <name>', t('显示名', 'display name'))
    .option('--owner <open_id>', t('负责人（飞书 open_id）', 'owner (the lead’s Feishu open_id)'))
    .option('--project <project>', t('同时添加的第一个项目', 'a first project to add'))
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action(
        (
          name: string,
          opts: Json & { displayName?: string; owner?: string; project?: string; account?: string },
        ) =>
          withCli(async ({ deps, actor, out, requestId }) => {
            authorize(actor, 'subaccount.manage');
            const account = await resolveAccount(deps, opts.account);
            const r = await createSubAccount(deps, {
              actor,
              accountId: account.id,
              userName: name,
              displayName: opts.displayName,
              ownerOpenId: opts.owner,
              project: opts.project,
              requestId: requestId(),
            });
            out(
              opts,
              () => ({
                ...presentSubAccount(r.subAccount, account.name),
                accessKeyId: r.accessKeyId,
                secretAccessKey: r.secretAccessKey,
                project: r.project ? presentProject(r.project.project) : null,
                projectError: r.projectError ? errorTextBoth(r.projectError) : null,
              }),
              () =>
                renderFields([
                  [
                    t('子账号', 'user'),
                    `${r.subAccount.userName}${r.resumed ? t('（补建密钥）', ' (key only)') : ''}`,
                  ],
                  ['AccessKeyId', r.accessKeyId],
                  ['SecretAccessKey', r.secretAccessKey],
                  ...(r.project
                    ? [[t('项目', 'project'), r.project.project.projectName] as [string, string]]
                    : []),
                ]) +
                t(
                  '请立即妥善保存 SecretAccessKey：它不会被保存，也不会再次显示。\n',
                  'Store the SecretAccessKey now: it is not kept and will not be shown again.\n',
                ),
            );
            if (r.projectError) {
              process.stderr.write(`${t('警告', 'warning')}: ${errorTextBoth(r.projectError)}\n`);
              process.exitCode = exitCodeFor[r.projectError.code] ?? 1;
            }
          }),
      ),
    );

  withJson(user.command('sync'))
    .description(
      t(
        '从火山引擎同步全部用户：新增、标记消失、更新名称',
        'sync all users from Volcengine: add new, mark vanished, update names',
      ),
    )
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((opts: Json & { account?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const account = await resolveAccount(deps, opts.account);
          const r = await syncSubAccounts(deps, { actor, accountId: account.id, requestId: requestId() });
          const list = (xs: string[]) => (xs.length ? xs.join(', ') : '-');
          out(
            opts,
            () => ({ account: account.name, ...r }),
            () =>
              renderFields([
                [t('火山引擎用户', 'users on Volcengine'), String(r.total)],
                [t('新增', 'added'), list(r.added)],
                [t('已消失', 'missing'), list(r.missing)],
                [t('已恢复', 'restored'), list(r.restored)],
                [t('改名', 'renamed'), list(r.renamed.map((x) => `${x.from} → ${x.to}`))],
                [
                  t('显示名更新', 'display names'),
                  list(r.updated.map((x) => `${x.userName}: ${x.from ?? '-'} → ${x.to ?? '-'}`)),
                ],
                [t('未变化', 'unchanged'), String(r.unchanged)],
              ]),
          );
        }),
      ),
    );

  withJson(user.command('import'))
    .description(t('开始管理一个火山引擎上已有的用户', 'start managing an existing Volcengine user'))
    .argument('<user>', t('火山引擎上的用户名', 'the user name on Volcengine'))
    .option('--owner <open_id>', t('负责人（飞书 open_id）', 'owner (Feishu open_id)'))
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((name: string, opts: Json & { owner?: string; account?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const account = await resolveAccount(deps, opts.account);
          const r = await importSubAccount(deps, {
            actor,
            accountId: account.id,
            userName: name,
            ownerOpenId: opts.owner,
            requestId: requestId(),
          });
          out(
            opts,
            () => ({ ...presentSubAccount(r.subAccount, account.name), restored: r.restored }),
            () =>
              t(`已导入子账号 ${r.subAccount.userName}\n`, `imported sub-account ${r.subAccount.userName}\n`),
          );
        }),
      ),
    );

  registerUserAccess(user);
}
