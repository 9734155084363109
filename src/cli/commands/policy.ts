import type { Command } from 'commander';
import { authorize } from '../../policies/authorize.js';
import { attachPolicy, detachPolicy, type PolicyChangeResult } from '../../services/iam/attachPolicy.js';
import { listPolicies, listPolicyCatalog } from '../../services/iam/listPolicies.js';
import { resolveAccount } from '../../services/iam/resolveAccount.js';
import { withCli, withJson, type CliContext } from '../context.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';

type Json = { json?: boolean };
type ChangeOpts = Json & { type?: string; project?: string; accountWide?: boolean };

export function registerPolicy(program: Command): void {
  const policy = program
    .command('policy')
    .description(t('管理子账号的权限策略', "manage sub-accounts' policies"));

  withJson(policy.command('list'))
    .description(
      t(
        '列出子账号已有的策略（--user），或主账号可授予的全部策略',
        "list a sub-account's policies (--user), or every policy the account can grant",
      ),
    )
    .option('--user <user>', t('子账号用户名', 'sub-account user name'))
    .option(
      '--query <text>',
      t('按名称或描述筛选可授予的策略', 'filter grantable policies by name or description'),
    )
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((opts: Json & { user?: string; query?: string; account?: string }) =>
        withCli(async ({ deps, actor, out, subAccount }) => {
          authorize(actor, 'subaccount.view');
          if (opts.user) {
            const list = await listPolicies(deps, { subAccountId: (await subAccount(opts.user)).id });
            out(
              opts,
              () => list,
              () =>
                renderTable(
                  [
                    { header: t('策略', 'policy'), value: (p) => p.policyName },
                    { header: t('类型', 'type'), value: (p) => p.policyType },
                    {
                      header: t('范围', 'scope'),
                      value: (p) =>
                        p.scopes
                          .map((s) => (s.type === 'global' ? t('全局', 'global') : s.project))
                          .join(','),
                    },
                    { header: t('说明', 'description'), value: (p) => p.description },
                  ],
                  list,
                  t('（没有策略）', '(no policies)'),
                ),
            );
            return;
          }
          const account = await resolveAccount(deps, opts.account);
          const list = await listPolicyCatalog(deps, { accountId: account.id, query: opts.query });
          out(
            opts,
            () => list,
            () =>
              renderTable(
                [
                  { header: t('策略', 'policy'), value: (p) => p.policyName },
                  { header: t('类型', 'type'), value: (p) => p.policyType },
                  { header: t('类别', 'category'), value: (p) => p.category },
                  { header: t('说明', 'description'), value: (p) => p.description },
                ],
                list,
              ),
          );
        }),
      ),
    );

  for (const verb of ['attach', 'detach'] as const) {
    withJson(policy.command(verb))
      .description(
        verb === 'attach'
          ? t(
              '授予策略：--project 时仅在该项目范围内，否则全局',
              'attach a policy: in one project’s scope with --project, else account-wide',
            )
          : t(
              '撤回策略（--project 时为该项目范围内的授予）',
              'detach a policy (the one in a project’s scope with --project)',
            ),
      )
      .argument('<user>', t('子账号用户名', 'sub-account user name'))
      .argument(
        '<policy>',
        t(
          '策略名，如 ArkFullAccess 或 Custom:MyPolicy',
          'policy name, e.g. ArkFullAccess or Custom:MyPolicy',
        ),
      )
      .option(
        '--type <type>',
        t('策略类型 System|Custom（默认 System）', 'policy type System|Custom (default System)'),
      )
      .option('--project <project>', t('项目范围', 'project scope'))
      .option(
        '--account-wide',
        t(
          '（attach）确认账号级授予可产生消费的策略（其在项目之外的消费不计入额度）',
          '(attach) confirm attaching account-wide a policy that can spend (its spending outside projects is not counted)',
        ),
      )
      .action(
        action((ref: string, name: string, opts: ChangeOpts) =>
          withCli(async (ctx) => {
            authorize(ctx.actor, 'policy.manage');
            const r = await change(ctx, verb, ref, name, opts);
            const scope = r.project ?? t('全局', 'global');
            ctx.out(
              opts,
              () => ({
                userName: r.subAccount.userName,
                ...r.policy,
                project: r.project,
                recorded: r.recorded,
                ...(r.uncountedSpending ? { uncountedSpending: true } : {}),
              }),
              () =>
                verb === 'attach'
                  ? t(
                      `已授予 ${r.subAccount.userName} 策略 ${r.policy.policyName}（${scope}）\n`,
                      `attached ${r.policy.policyName} to ${r.subAccount.userName} (${scope})\n`,
                    ) +
                    (r.uncountedSpending
                      ? t(
                          `注意：账号级授予，${r.subAccount.userName} 在其监控项目之外的消费不计入任何额度\n`,
                          `note: account-wide, so what ${r.subAccount.userName} spends outside its monitored projects is counted against no quota\n`,
                        )
                      : '')
                  : t(
                      `已撤回 ${r.subAccount.userName} 的策略 ${r.policy.policyName}（${scope}）\n`,
                      `detached ${r.policy.policyName} from ${r.subAccount.userName} (${scope})\n`,
                    ),
            );
          }),
        ),
      );
  }
}

async function change(
  ctx: CliContext,
  verb: 'attach' | 'detach',
  ref: string,
  policy: string,
  opts: ChangeOpts,
): Promise<PolicyChangeResult> {
  const input = {
    actor: ctx.actor,
    subAccountId: (await ctx.subAccount(ref)).id,
    policy,
    policyType: opts.type,
    project: opts.project,
    ...(verb === 'attach' && opts.accountWide ? { accountWide: true } : {}),
    requestId: ctx.requestId(),
  };
  return verb === 'attach' ? attachPolicy(ctx.deps, input) : detachPolicy(ctx.deps, input);
}
