import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { resolveAccount } from '../../../services/iam/resolveAccount.js';
import { listVolcProjects } from '../../../services/projects/listVolcProjects.js';
import { policyLabel } from '../../../services/projects/projectPolicies.js';
import { getQuota } from '../../../services/quota/getQuota.js';
import { withCli, withJson, type Json } from '../../context.js';
import { money2 } from '../../format.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';
import { presentProject } from '../userPresent.js';
import { yes, no } from './shared.js';

/** `airgate project list` */
export function registerProjectList(project: Command): void {
  withJson(project.command('list'))
    .description(
      t(
        '列出火山引擎项目及其所属子账号；--user 时列出该子账号的项目',
        'list Volcengine projects and who each is watched for; with --user, that sub-account’s projects',
      ),
    )
    .option(
      '--user <user>',
      t(
        '只看该子账号的项目（含已用与策略）',
        "only this sub-account's projects (with spending and policies)",
      ),
    )
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((opts: Json & { user?: string; account?: string }) =>
        withCli(async ({ deps, actor, out, subAccount }) => {
          authorize(actor, 'project.view');
          if (opts.user) {
            const v = await getQuota(deps, { subAccountId: (await subAccount(opts.user)).id });
            out(
              opts,
              () => v.projects.map(presentProject),
              () =>
                renderTable(
                  [
                    { header: t('项目', 'project'), value: (p) => p.projectName },
                    { header: t('监控', 'monitored'), value: (p) => (p.monitored ? yes() : no()) },
                    { header: t('计费起始', 'counts from'), value: (p) => p.countsFrom },
                    { header: t('已用', 'spent'), value: (p) => money2(p.spent), right: true },
                    {
                      header: t('AirGate 授予的策略', 'policies attached by AirGate'),
                      value: (p) => p.attachedPolicies.map(policyLabel).join(',') || '-',
                    },
                  ],
                  v.projects,
                  t('（没有项目）', '(no projects)'),
                ),
            );
            return;
          }
          const account = await resolveAccount(deps, opts.account);
          const list = await listVolcProjects(deps, { accountId: account.id });
          out(
            opts,
            () => list,
            () =>
              renderTable(
                [
                  { header: t('项目', 'project'), value: (p) => p.projectName },
                  { header: t('显示名', 'display name'), value: (p) => p.displayName },
                  { header: t('子账号', 'sub-account'), value: (p) => p.subAccount?.userName ?? '-' },
                  {
                    header: t('监控', 'monitored'),
                    value: (p) => (p.monitored === null ? '-' : p.monitored ? yes() : no()),
                  },
                ],
                list,
                t('（没有项目）', '(no projects)'),
              ),
          );
        }),
      ),
    );
}
