import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { withCli, withJson } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { change, type ChangeOpts } from './shared.js';

/** `airgate policy attach` and `airgate policy detach`: one definition, the verb decides. */
export function registerPolicyChange(policy: Command, verb: 'attach' | 'detach'): void {
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
      t('策略名，如 ArkFullAccess 或 Custom:MyPolicy', 'policy name, e.g. ArkFullAccess or Custom:MyPolicy'),
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
