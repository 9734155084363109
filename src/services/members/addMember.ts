import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { MemberDto } from '../../db/repos/members.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertText } from '../quota/amounts.js';
import { assertOpenId, assertRoles } from './validation.js';

export type AddMemberInput = {
  actor: Actor;
  openId: string;
  name?: string;
  roles: readonly string[];
  requestId?: string;
};
export type AddMemberResult = { member: MemberDto; created: boolean };

/** Adds a person with roles, or sets the roles (and name) of one already known. */
export async function addMember(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: AddMemberInput,
): Promise<AddMemberResult> {
  const openId = assertOpenId(input.openId);
  const roles = assertRoles(input.roles);
  const name = assertText(input.name ?? '', 'name', 128);
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const existing = await deps.repos.members.findByOpenId(tx, openId);
    if (existing) {
      const patch = { roles, name: name || existing.name };
      await deps.repos.members.update(tx, existing.id, patch, now);
      await writeAudit(deps, tx, {
        actor: input.actor,
        action: 'member.update',
        target: { type: 'member', id: openId },
        before: { name: existing.name, roles: existing.roles },
        after: patch,
        requestId: input.requestId,
      });
      return { member: { ...existing, ...patch, updatedAt: now }, created: false };
    }
    const member = await deps.repos.members.insert(tx, { openId, name: name || openId, roles }, now);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'member.add',
      target: { type: 'member', id: openId },
      after: { name: member.name, roles },
      requestId: input.requestId,
    });
    return { member, created: true };
  });
}
