import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { addProject } from '../../../services/projects/addProject.js';
import { policyLabel } from '../../../services/projects/projectPolicies.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { presentProject } from '../userPresent.js';
import { userArg } from './shared.js';

/** `airgate project add` */
export function registerProjectAdd(project: Command): void {
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
}
