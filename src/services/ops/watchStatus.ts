import type { Deps } from '../../deps.js';
import { createRepos } from '../../db/repos/index.js';
import { withReader } from '../../db/repos/transaction.js';
import { WatchCycle, type WatchCycleOutcome } from '../../db/entities/watchCycle.js';
import { readSettings } from '../settings/getSettings.js';

export type CycleRow = { id: number; startedAt: Date; finishedAt: Date | null; outcome: WatchCycleOutcome };

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
const columns = { id: true, startedAt: true, finishedAt: true, outcome: true } as const;

/**
 * What the spending watch's cycle log says, for /readyz and /metrics. Read from the database, so it
 * covers cycles run by any process (a separate `airgate scheduler`, `airgate check`, another replica).
 */
export async function readWatchStatus(deps: Pick<Deps, 'db' | 'clock'>): Promise<WatchStatus> {
  const since = new Date(deps.clock.now().getTime() - 24 * 3600_000);
  return withReader(deps.db, async (m) => {
    const cycles = m.getRepository(WatchCycle);
    const settings = await readSettings(repos, m);
    const [last] = await cycles.find({ select: columns, order: { id: 'DESC' }, take: 1 });
    const [lastFinished] = await cycles.find({
      select: columns,
      where: [{ outcome: 'done' }, { outcome: 'failed' }],
      order: { id: 'DESC' },
      take: 1,
    });
    const counts = await cycles
      .createQueryBuilder('c')
      .select('c.outcome', 'outcome')
      .addSelect('COUNT(*)', 'n')
      .where('c.started_at >= :since', { since })
      .groupBy('c.outcome')
      .getRawMany<{ outcome: WatchCycleOutcome; n: string | number }>();
    return {
      intervalMs: settings.checkIntervalMinutes * 60_000,
      last: last ?? null,
      lastFinished: lastFinished ?? null,
      lastDay: Object.fromEntries(counts.map((c) => [c.outcome, Number(c.n)])),
    };
  });
}
