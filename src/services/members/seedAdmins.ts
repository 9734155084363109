import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { systemActor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertOpenId } from './validation.js';

/**
 * On start-up (and before every CLI command), adds each open_id of AIRGATE_ADMINS that has never been a
 * member as an admin: the variable bootstraps the first admins, it does not hold roles. Someone who is a
 * member already keeps exactly the roles given in AirGate (a demoted admin stays demoted), and someone
 * removed with `airgate member remove` stays removed; `airgate member add` changes either.
 */
export async function seedAdmins(deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'config'>): Promise<string[]> {
  const openIds = deps.config.admins.map(assertOpenId);
  if (openIds.length === 0) return [];
  return inTransaction(deps.db, async (tx) => {
    const added: string[] = [];
    const now = deps.clock.now();
    for (const openId of await toSeed(deps, tx)) {
      await deps.repos.members.insert(tx, { openId, name: openId, roles: ['admin'] }, now);
      await writeAudit(deps, tx, {
        actor: systemActor,
        action: 'member.seed_admin',
        target: { type: 'member', id: openId },
        before: null,
        after: { roles: ['admin'] },
      });
      added.push(openId);
    }
    return added;
  });
}

/** The open_ids of AIRGATE_ADMINS that have never been members (neither present nor removed). */
export async function toSeed(deps: Pick<Deps, 'repos' | 'config'>, m: EntityManager): Promise<string[]> {
  const out: string[] = [];
  for (const openId of new Set(deps.config.admins.map(assertOpenId))) {
    if (await deps.repos.members.findByOpenId(m, openId)) continue;
    const removed = await deps.repos.audit.list(m, {
      targetType: 'member',
      targetId: openId,
      action: 'member.remove',
      limit: 1,
    });
    if (removed.length === 0) out.push(openId);
  }
  return out;
}
