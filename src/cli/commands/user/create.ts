import { errorTextBoth } from '../../../../cards/lib/errorText.js';
import type { Command } from 'commander';
import { exitCodeFor } from '../../../errors.js';
import { authorize } from '../../../policies/authorize.js';
import { createSubAccount } from '../../../services/iam/createSubAccount.js';
import { resolveAccount } from '../../../services/iam/resolveAccount.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderFields } from '../../table.js';
import { presentProject, presentSubAccount } from '../userPresent.js';

/** `airgate user create` */
export function registerUserCreate(user: Command): void {
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
                ) +
                (r.subAccount.balance.lte(0)
                  ? t(
                      `额度为 0，首笔消费即会被停用；请先分配额度：airgate quota allocate ${r.subAccount.userName} 金额 --note 备注\n`,
                      `The quota is 0: the first spending disables it. Allocate first: airgate quota allocate ${r.subAccount.userName} AMOUNT --note NOTE\n`,
                    )
                  : ''),
            );
            if (r.projectError) {
              process.stderr.write(`${t('警告', 'warning')}: ${errorTextBoth(r.projectError)}\n`);
              process.exitCode = exitCodeFor[r.projectError.code] ?? 1;
            }
          }),
      ),
    );
}
