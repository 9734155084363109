import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { systemActor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertOpenId } from './validation.js';

/**
 * On start-up, makes every open_id in AIRGATE_ADMINS an admin (adding the member or the role). It never
 * takes a role away: removing someone from the variable is done with `airgate member remove`.
 */
export async function seedAdmins(deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'config'>): Promise<string[]> {
  const openIds = deps.config.admins.map(assertOpenId);
  if (openIds.length === 0) return [];
  return inTransaction(deps.db, async (tx) => {
    const changed: string[] = [];
    const now = deps.clock.now();
    for (const openId of new Set(openIds)) {
      const existing = await deps.repos.members.findByOpenId(tx, openId);
      if (existing?.roles.includes('admin')) continue;
      if (existing)
        await deps.repos.members.update(tx, existing.id, { roles: ['admin', ...existing.roles] }, now);
      else await deps.repos.members.insert(tx, { openId, name: openId, roles: ['admin'] }, now);
      await writeAudit(deps, tx, {
        actor: systemActor,
        action: 'member.seed_admin',
        target: { type: 'member', id: openId },
        before: existing ? { roles: existing.roles } : null,
        after: { roles: existing ? ['admin', ...existing.roles] : ['admin'] },
      });
      changed.push(openId);
    }
    return changed;
  });
}
