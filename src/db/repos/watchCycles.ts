import type { EntityManager } from 'typeorm';
import { WatchCycle, type WatchCycleOutcome } from '../entities/watchCycle.js';

export type CycleRow = { id: number; startedAt: Date; finishedAt: Date | null; outcome: WatchCycleOutcome };

const columns = { id: true, startedAt: true, finishedAt: true, outcome: true } as const;

/** What the cycle log says across every process: for readiness and metrics. */
export const watchCyclesRepo = {
  /** The newest cycle, the newest finished one (done or failed), and the cycles started since `since` by outcome. */
  async summary(
    m: EntityManager,
    since: Date,
  ): Promise<{
    last: CycleRow | null;
    lastFinished: CycleRow | null;
    startedSince: Partial<Record<WatchCycleOutcome, number>>;
  }> {
    const cycles = m.getRepository(WatchCycle);
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
      last: last ?? null,
      lastFinished: lastFinished ?? null,
      startedSince: Object.fromEntries(counts.map((c) => [c.outcome, Number(c.n)])),
    };
  },
};
