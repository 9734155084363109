import type { Command } from 'commander';
import { ROLES, type Role } from '../../policies/actor.js';
import { authorize } from '../../policies/authorize.js';
import { addMember } from '../../services/members/addMember.js';
import { listMembers } from '../../services/members/listMembers.js';
import { removeMember } from '../../services/members/removeMember.js';
import { UsageError } from '../../errors.js';
import { commaList, withCli, withJson } from '../context.js';
import { shanghai } from '../format.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderTable } from '../table.js';

type Json = { json?: boolean };

export function registerMember(program: Command): void {
  const member = program.command('member').description(t('管理成员与角色', 'manage members and their roles'));

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

  withJson(member.command('remove'))
    .description(t('移除成员（不能移除最后一位管理员）', 'remove a member (never the last admin)'))
    .argument('<open_id>', t('飞书 open_id', 'Feishu open_id'))
    .action(
      action((openId: string, opts: Json) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'member.manage');
          const m = await removeMember(deps, { actor, openId, requestId: requestId() });
          out(
            opts,
            () => m,
            () => t(`已移除成员 ${m.name}\n`, `removed member ${m.name}\n`),
          );
        }),
      ),
    );
}
