import type { Deps } from '../../deps.js';
import { createRepos } from '../../db/repos/index.js';
import { withReader } from '../../db/repos/transaction.js';
import type { WatchCycleOutcome } from '../../db/entities/watchCycle.js';
import { watchCyclesRepo, type CycleRow } from '../../db/repos/watchCycles.js';
import { readSettings } from '../settings/getSettings.js';

export type { CycleRow } from '../../db/repos/watchCycles.js';

export type WatchStatus = {
  /** The check interval in force (settings), in milliseconds. */
  intervalMs: number;
  /** The newest cycle of any process, running or not; null before the first one. */
  last: CycleRow | null;
  /** The newest cycle that finished (done or failed). */
  lastFinished: CycleRow | null;
  /** Cycles started in the last 24 hours, by outcome. */
  lastDay: Partial<Record<WatchCycleOutcome, number>>;
};

const repos = createRepos();

/**
 * What the spending watch's cycle log says, for /readyz and /metrics. Read from the database, so it
 * covers cycles run by any process (a separate `airgate scheduler`, `airgate check`, another replica).
 */
export async function readWatchStatus(deps: Pick<Deps, 'db' | 'clock'>): Promise<WatchStatus> {
  const since = new Date(deps.clock.now().getTime() - 24 * 3600_000);
  return withReader(deps.db, async (m) => {
    const settings = await readSettings(repos, m);
    const cycles = await watchCyclesRepo.summary(m, since);
    return {
      intervalMs: settings.checkIntervalMinutes * 60_000,
      last: cycles.last,
      lastFinished: cycles.lastFinished,
      lastDay: cycles.startedSince,
    };
  });
}
