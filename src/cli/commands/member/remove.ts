import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { removeMember } from '../../../services/members/removeMember.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';

/** `airgate member remove` */
export function registerMemberRemove(member: Command): void {
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
