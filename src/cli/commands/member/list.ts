import type { Command } from 'commander';
import { ROLES, type Role } from '../../../policies/actor.js';
import { authorize } from '../../../policies/authorize.js';
import { listMembers } from '../../../services/members/listMembers.js';
import { UsageError } from '../../../errors.js';
import { withCli, withJson, type Json } from '../../context.js';
import { shanghai } from '../../format.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';

/** `airgate member list` */
export function registerMemberList(member: Command): void {
  withJson(member.command('list'))
    .description(t('列出成员', 'list members'))
    .option('--role <role>', `${t('只列出该角色', 'only this role')}: ${ROLES.join('|')}`)
    .action(
      action((opts: Json & { role?: string }) =>
        withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'member.view');
          if (opts.role !== undefined && !(ROLES as readonly string[]).includes(opts.role)) {
            throw new UsageError(`--role: ${ROLES.join('|')}`, { field: 'role' });
          }
          const list = await listMembers(deps, opts.role ? { role: opts.role as Role } : {});
          out(
            opts,
            () => list,
            () =>
              renderTable(
                [
                  { header: 'open_id', value: (m) => m.openId },
                  { header: t('姓名', 'name'), value: (m) => m.name },
                  { header: t('角色', 'roles'), value: (m) => m.roles.join(',') },
                  { header: t('加入时间', 'since'), value: (m) => shanghai(m.createdAt) },
                ],
                list,
                t('（没有成员）', '(no members)'),
              ),
          );
        }),
      ),
    );
}
