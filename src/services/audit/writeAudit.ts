import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/repos/transaction.js';
import { actorId, type Actor } from '../../policies/actor.js';

export type AuditInput = {
  actor: Actor;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/**
 * Writes the one audit entry of a change, inside the transaction that makes the change (so there is no
 * change without its entry and no entry without its change). Callers pass no secret in before/after.
 */
export async function writeAudit(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  input: AuditInput,
): Promise<void> {
  await deps.repos.audit.insert(tx, {
    actor: actorId(input.actor),
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id,
    before: plain(input.before),
    after: plain(input.after),
    requestId: input.requestId ?? null,
    createdAt: deps.clock.now(),
  });
}

/** Money (Decimal) and Date become strings, as JSON.stringify would write them. */
function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
