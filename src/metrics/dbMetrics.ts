import { Gauge, Registry } from 'prom-client';
import type { Deps } from '../deps.js';
import { withReader } from '../db/repos/transaction.js';
import { subAccountsRepo } from '../db/repos/subAccounts.js';
import { FeishuOutbox } from '../feishu/outbox.js';
import type { WatchCycleOutcome } from '../db/entities/watchCycle.js';
import { readWatchStatus } from '../services/ops/watchStatus.js';

/** Every outcome is reported, zero included, so a dashboard's series exist before the first failure. */
const OUTCOMES: readonly WatchCycleOutcome[] = ['running', 'done', 'failed', 'fenced', 'abandoned'];

export type DbMetrics = { registry: Registry; refresh(): Promise<void> };

/**
 * Figures every process shares, read from the database at scrape time (one small query each): so the
 * numbers are the same whichever replica is scraped, and cycles run by a separate `airgate scheduler`
 * (which has no HTTP port) are reported too. A failed read leaves airgate_database_up at 0.
 */
export function createDbMetrics(deps: Pick<Deps, 'db' | 'clock'>): DbMetrics {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  const up = gauge('airgate_database_up', '1 when the database answered the last scrape');
  const subAccounts = gauge('airgate_subaccounts', 'Managed sub-accounts by status', ['status']);
  const pending = gauge('airgate_outbox_pending', 'Feishu messages waiting in the outbox');
  const failed = gauge('airgate_outbox_failed', 'Feishu messages given up (see their last_error)');
  const oldest = gauge(
    'airgate_outbox_oldest_pending_age_seconds',
    'Age of the oldest undelivered outbox message (0 when none)',
  );
  const interval = gauge('airgate_watch_interval_seconds', 'Spending check interval in force (settings)');
  const lastStart = gauge(
    'airgate_watch_last_cycle_start_timestamp_seconds',
    'Start time of the newest spending cycle (0 before the first)',
  );
  const lastDuration = gauge(
    'airgate_watch_last_cycle_duration_seconds',
    'Duration of the newest finished spending cycle',
  );
  const lastSuccess = gauge(
    'airgate_watch_last_cycle_success',
    '1 when the newest finished spending cycle ended done, 0 when it failed',
  );
  const running = gauge('airgate_watch_cycle_running', '1 while a spending cycle is running');
  const cycles = gauge(
    'airgate_watch_cycles_last_24h',
    'Spending cycles started in the last 24 hours, by outcome',
    ['outcome'],
  );
  const outbox = new FeishuOutbox(deps.clock);

  async function refresh(): Promise<void> {
    try {
      const [statuses, stats, watch] = await Promise.all([
        withReader(deps.db, (m) => subAccountsRepo.countByStatus(m)),
        withReader(deps.db, (m) => outbox.stats(m)),
        readWatchStatus(deps),
      ]);
      subAccounts.reset();
      for (const s of statuses) subAccounts.set({ status: s.status }, s.n);
      pending.set(stats.pending);
      failed.set(stats.failed);
      oldest.set((stats.oldestPendingAgeMs ?? 0) / 1000);
      interval.set(watch.intervalMs / 1000);
      lastStart.set(watch.last ? watch.last.startedAt.getTime() / 1000 : 0);
      running.set(watch.last?.outcome === 'running' ? 1 : 0);
      lastDuration.reset();
      lastSuccess.reset();
      const f = watch.lastFinished;
      if (f?.finishedAt) {
        lastDuration.set((f.finishedAt.getTime() - f.startedAt.getTime()) / 1000);
        lastSuccess.set(f.outcome === 'done' ? 1 : 0);
      }
      for (const outcome of OUTCOMES) cycles.set({ outcome }, watch.lastDay[outcome] ?? 0);
      up.set(1);
    } catch {
      up.set(0);
    }
  }

  return { registry, refresh };
}
