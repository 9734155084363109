import { enforcementRepo, type NewEnforcementChange } from '../../db/repos/enforcement.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { LadderDeps, LadderInput, LadderOutcome } from './types.js';
import { FencedOutError } from '../watch/lock.js';

export const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

/**
 * One lever, intent first: the change and the state before it are recorded ('pending') in their own
 * transaction, then the call is made, then the record is confirmed ('applied'). A failed call leaves the
 * record pending with its error and attempt count; the next cycle reads the cloud again and retries. A
 * crash between the call and the confirmation leaves a record of a change that happened: the restore
 * still finds and undoes it.
 */
export async function pullLever(
  deps: LadderDeps,
  input: Pick<LadderInput, 'check'>,
  out: LadderOutcome,
  change: NewEnforcementChange,
  call: () => Promise<void>,
): Promise<boolean> {
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (tx) => {
    await input.check?.(tx);
    return enforcementRepo.recordIntent(tx, change, now);
  });
  const repaired = row.state === 'applied';
  try {
    await call();
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    const reason = reasonOf(err);
    await inTransaction(deps.db, (tx) => enforcementRepo.markFailed(tx, row.id, reason, deps.clock.now()));
    out.failures.push({ lever: change.lever, project: change.projectName, target: change.target, reason });
    return false;
  }
  await inTransaction(deps.db, async (tx) => {
    await input.check?.(tx);
    await enforcementRepo.markApplied(tx, row.id, deps.clock.now());
  });
  out.changed.push({ lever: change.lever, project: change.projectName, target: change.target, repaired });
  return true;
}
