import { inProcessJobs, type InProcessJob, type Scheduler } from './inProcess.js';
import type { WatchDeps } from '../services/watch/context.js';
import { requestSweepJob } from './workers/requestSweep.js';
import { spendingCheckJob } from './workers/spendingCheck.js';
import { monthlyStatementJob, type StatementJobDeps } from './workers/monthlyStatement.js';
import { urgentRetryJob, type UrgentJobDeps } from './workers/urgentRetry.js';

export type SchedulerOptions = {
  /** How often the job wakes to see whether a cycle is due (the interval itself is a setting). */
  tickMs?: number;
  /** Delay of the first tick after start. */
  firstTickMs?: number;
  /** How often quota requests are swept (expired, published, announced); default a minute. */
  requestSweepMs?: number;
  /** How often the month-end statement job looks for a final bill to write (default 10 minutes). */
  statementMs?: number;
};

export type { Scheduler };

/**
 * The spending check and the request sweep, as in-process Bree jobs (see inProcess.ts). The check's interval
 * lives in settings: every tick asks whether a cycle is due, so a change takes effect at the next tick
 * without a restart, and the due check reads the shared cycle log, so several processes keep one cadence.
 */
export function createScheduler(
  deps: WatchDeps & Partial<StatementJobDeps> & Partial<UrgentJobDeps>,
  opts: SchedulerOptions = {},
): Scheduler {
  const tickMs = opts.tickMs ?? 30_000;
  const sweepMs = opts.requestSweepMs ?? 60_000;
  const statementMs = opts.statementMs ?? 600_000;
  const urgentMs = 30_000;
  const spendingCheck: InProcessJob = (signal) => spendingCheckJob(deps, { tickMs, signal });
  return inProcessJobs(deps.log, [
    { name: 'spendingCheck', firstMs: opts.firstTickMs ?? 5_000, intervalMs: tickMs, run: spendingCheck },
    { name: 'requestSweep', firstMs: sweepMs, intervalMs: sweepMs, run: () => requestSweepJob(deps) },
    { name: 'urgentRetry', firstMs: urgentMs, intervalMs: urgentMs, run: () => urgentRetryJob(deps) },
    {
      name: 'monthlyStatement',
      firstMs: statementMs,
      intervalMs: statementMs,
      run: () => monthlyStatementJob(deps),
    },
  ]);
}
