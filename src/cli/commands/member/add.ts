import type { Command } from 'commander';
import { ROLES } from '../../../policies/actor.js';
import { authorize } from '../../../policies/authorize.js';
import { addMember } from '../../../services/members/addMember.js';
import { commaList, withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';

/** `airgate member add` */
export function registerMemberAdd(member: Command): void {
  withJson(member.command('add'))
    .description(t('添加成员，或设置已有成员的角色', 'add a member, or set the roles of one already known'))
    .argument('<open_id>', t('飞书 open_id（ou_…）', 'Feishu open_id (ou_…)'))
    .requiredOption('--roles <roles>', `${t('角色，逗号分隔', 'roles, comma-separated')}: ${ROLES.join(',')}`)
    .option('--name <name>', t('姓名', 'name'))
    .action(
      action((openId: string, opts: Json & { roles: string; name?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'member.manage');
          const r = await addMember(deps, {
            actor,
            openId,
            name: opts.name,
            roles: commaList(opts.roles),
            requestId: requestId(),
          });
          out(
            opts,
            () => ({ ...r.member, created: r.created }),
            () =>
              r.created
                ? t(
                    `已添加成员 ${r.member.name}（${r.member.roles.join(',')}）\n`,
                    `added member ${r.member.name} (${r.member.roles.join(',')})\n`,
                  )
                : t(
                    `已更新成员 ${r.member.name} 的角色：${r.member.roles.join(',')}\n`,
                    `updated ${r.member.name}: roles ${r.member.roles.join(',')}\n`,
                  ),
          );
        }),
      ),
    );
}
