import type { Command } from 'commander';
import { authorize } from '../../policies/authorize.js';
import { resolveAccount } from '../../services/iam/resolveAccount.js';
import { addProject } from '../../services/projects/addProject.js';
import { listVolcProjects } from '../../services/projects/listVolcProjects.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import { removeProject } from '../../services/projects/removeProject.js';
import { getQuota } from '../../services/quota/getQuota.js';
import { withCli, withJson } from '../context.js';
import { money2 } from '../format.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';
import { presentProject } from './userPresent.js';
import { registerProjectToggle } from './projectToggle.js';

type Json = { json?: boolean };
const userArg = t('子账号用户名', 'sub-account user name');
const yes = () => t('是', 'yes');
const no = () => t('否', 'no');

export function registerProject(program: Command): void {
  const project = program
    .command('project')
    .description(t('管理子账号的火山引擎项目', "manage sub-accounts' Volcengine projects"));

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

  withJson(project.command('add'))
    .description(
      t(
        '把项目加入子账号：在该项目范围内授予默认策略（失败则全部撤回）',
        'add a project to a sub-account: attach the default policies in its scope (all undone on failure)',
      ),
    )
    .argument('<user>', userArg)
    .argument('<project>', t('火山引擎项目名', 'Volcengine project name'))
    .option(
      '--from <YYYY-MM-DD>',
      t(
        '从哪天（北京时间）开始计入花费，默认今天',
        'the bill day (Asia/Shanghai) spending counts from; default today',
      ),
    )
    .action(
      action((ref: string, name: string, opts: Json & { from?: string }) =>
        withCli(async ({ deps, actor, out, subAccount, requestId }) => {
          authorize(actor, 'project.manage');
          const r = await addProject(deps, {
            actor,
            subAccountId: (await subAccount(ref)).id,
            projectName: name,
            countsFrom: opts.from,
            requestId: requestId(),
          });
          out(
            opts,
            () => ({
              userName: r.subAccount.userName,
              ...presentProject(r.project),
              attached: r.attached,
              alreadyHeld: r.alreadyHeld,
            }),
            () =>
              t(
                `已把项目 ${name} 加入 ${r.subAccount.userName}，授予策略：${r.attached.map(policyLabel).join(', ') || '无'}${r.alreadyHeld.length ? `（已有：${r.alreadyHeld.map(policyLabel).join(', ')}）` : ''}\n`,
                `added project ${name} to ${r.subAccount.userName}; attached: ${r.attached.map(policyLabel).join(', ') || 'none'}${r.alreadyHeld.length ? ` (already held: ${r.alreadyHeld.map(policyLabel).join(', ')})` : ''}\n`,
              ),
          );
        }),
      ),
    );

  withJson(project.command('remove'))
    .description(
      t(
        '移除子账号的项目：只撤回 AirGate 在该项目中授予的策略',
        'remove a project from a sub-account: detach exactly the policies AirGate attached in it',
      ),
    )
    .argument('<user>', userArg)
    .argument('<project>', t('项目名', 'project name'))
    .action(
      action((ref: string, name: string, opts: Json) =>
        withCli(async ({ deps, actor, out, subAccount, requestId }) => {
          authorize(actor, 'project.manage');
          const r = await removeProject(deps, {
            actor,
            subAccountId: (await subAccount(ref)).id,
            projectName: name,
            requestId: requestId(),
          });
          out(
            opts,
            () => ({
              userName: r.subAccount.userName,
              projectName: name,
              detached: r.detached,
              alreadyGone: r.alreadyGone,
            }),
            () =>
              t(
                `已从 ${r.subAccount.userName} 移除项目 ${name}，撤回策略：${r.detached.map(policyLabel).join(', ') || '无'}\n`,
                `removed project ${name} from ${r.subAccount.userName}; detached: ${r.detached.map(policyLabel).join(', ') || 'none'}\n`,
              ),
          );
        }),
      ),
    );
  registerProjectToggle(project);
}
