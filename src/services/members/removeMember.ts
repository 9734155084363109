import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { MemberDto } from '../../db/repos/members.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';

/** Removes a person; the last admin cannot be removed (nobody could manage AirGate from chat then). */
export async function removeMember(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: { actor: Actor; openId: string; requestId?: string },
): Promise<MemberDto> {
  return inTransaction(deps.db, async (tx) => {
    const member = await deps.repos.members.findByOpenId(tx, input.openId.trim());
    if (!member) throw new NotFoundError({ reason: 'member_not_found', params: { openId: input.openId } });
    if (member.roles.includes('admin')) {
      const admins = (await deps.repos.members.list(tx)).filter((m) => m.roles.includes('admin'));
      if (admins.length <= 1) throw new ConflictError({ reason: 'last_admin' });
    }
    await deps.repos.members.remove(tx, member.id);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'member.remove',
      target: { type: 'member', id: member.openId },
      before: { name: member.name, roles: member.roles },
      requestId: input.requestId,
    });
    return member;
  });
}
