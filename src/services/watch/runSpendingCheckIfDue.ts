import { withReader } from '../../db/repos/transaction.js';
import { watchRepo } from '../../db/repos/watch.js';
import { readSettings } from '../settings/getSettings.js';
import type { WatchDeps } from './context.js';
import { runSpendingCheck, type SpendingCheckInput, type SpendingCheckResult } from './runSpendingCheck.js';

export type DueCheckResult = SpendingCheckResult | { ran: false; reason: 'not_due'; nextAt: Date };

/**
 * The scheduler's entry: runs a cycle when the interval in settings has passed since the last cycle
 * started (any process's, any trigger's — the cycle log is in the database). The interval is read on
 * every tick, so a changed setting takes effect without a restart. `slackMs` lets a tick that comes a
 * little early still count (ticks and cycles do not line up exactly).
 */
export async function runSpendingCheckIfDue(
  deps: WatchDeps,
  input: SpendingCheckInput & { slackMs?: number },
): Promise<DueCheckResult> {
  const { intervalMs, last } = await withReader(deps.db, async (m) => ({
    intervalMs: (await readSettings(deps.repos, m)).checkIntervalMinutes * 60_000,
    last: await watchRepo.lastStartedAt(m),
  }));
  const now = deps.clock.now().getTime();
  if (last && now - last.getTime() < intervalMs - (input.slackMs ?? 0)) {
    return { ran: false, reason: 'not_due', nextAt: new Date(last.getTime() + intervalMs) };
  }
  return runSpendingCheck(deps, input);
}
