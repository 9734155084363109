import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { policyLabel } from '../../../services/projects/projectPolicies.js';
import { removeProject } from '../../../services/projects/removeProject.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { userArg } from './shared.js';

/** `airgate project remove` */
export function registerProjectRemove(project: Command): void {
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
}
