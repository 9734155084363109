import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import Bree from 'bree';
import type { Logger } from '../log/logger.js';
import type { WatchDeps } from '../services/watch/context.js';
import { requestSweepJob } from './workers/requestSweep.js';
import { spendingCheckJob } from './workers/spendingCheck.js';

export type SchedulerOptions = {
  /** How often the job wakes to see whether a cycle is due (the interval itself is a setting). */
  tickMs?: number;
  /** Delay of the first tick after start. */
  firstTickMs?: number;
  /** How often quota requests are swept (expired, published, announced); default a minute. */
  requestSweepMs?: number;
};

export type Scheduler = { start(): Promise<void>; stop(): Promise<void> };

type InProcessJob = (signal: AbortSignal) => Promise<void>;

/**
 * Bree drives the timing; the job runs in this process. Bree's default is a worker thread per run, which
 * needs a compiled JavaScript file (the source is TypeScript run through tsx, which a worker thread does
 * not inherit), would rebuild every connection per run and could not share this process's cycle lock or
 * outbox relay. Bree's sanctioned extension point, `createWorker`, is replaced by one that runs the named
 * job as a function and speaks the worker events Bree listens to ('online', 'exit', 'error').
 *
 * The interval lives in settings: every tick asks whether a cycle is due, so a change takes effect at the
 * next tick without a restart, and the due check reads the shared cycle log, so several processes keep
 * one cadence.
 */
export function createScheduler(deps: WatchDeps, opts: SchedulerOptions = {}): Scheduler {
  const tickMs = opts.tickMs ?? 30_000;
  const sweepMs = opts.requestSweepMs ?? 60_000;
  const jobs = new Map<string, InProcessJob>([
    ['spendingCheck', (signal) => spendingCheckJob(deps, { tickMs, signal })],
    ['requestSweep', () => requestSweepJob(deps)],
  ]);
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    logger: breeLogger(deps.log),
    jobs: [
      { name: 'spendingCheck', path: () => undefined, timeout: opts.firstTickMs ?? 5_000, interval: tickMs },
      { name: 'requestSweep', path: () => undefined, timeout: sweepMs, interval: sweepMs },
    ],
    errorHandler: (err, meta) => deps.log.error({ job: meta.name, err: String(err) }, 'scheduled job failed'),
  });
  bree.createWorker = (_path, options) => {
    const name = (options.workerData as { job: { name: string } }).job.name;
    const job = jobs.get(name);
    if (!job) throw new Error(`no in-process job ${name}`);
    return new InProcessWorker(job) as unknown as Worker;
  };
  return {
    start: () => bree.start(),
    stop: () => bree.stop(),
  };
}

/** What Bree needs of a worker, for a job run as a function in this process. */
class InProcessWorker extends EventEmitter {
  private readonly controller = new AbortController();

  constructor(job: InProcessJob) {
    super();
    setImmediate(() => {
      this.emit('online');
      job(this.controller.signal).then(
        () => this.emit('exit', 0),
        (err: unknown) => {
          this.emit('error', err);
          this.emit('exit', 1);
        },
      );
    });
  }

  /** Bree's stop() sends 'cancel': the running cycle stops after its current account. */
  postMessage(message: unknown): void {
    if (message === 'cancel') this.controller.abort();
  }

  terminate(): Promise<number> {
    this.controller.abort();
    return Promise.resolve(0);
  }
}

function breeLogger(log: Logger) {
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : '')).join(' ');
  return {
    info: (...args: unknown[]) => log.debug({ component: 'bree' }, text(args)),
    warn: (...args: unknown[]) => log.warn({ component: 'bree' }, text(args)),
    error: (...args: unknown[]) => log.error({ component: 'bree' }, text(args)),
  };
}
