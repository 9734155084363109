import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import Bree from 'bree';
import type { Logger } from '../log/logger.js';

export type Scheduler = { start(): Promise<void>; stop(): Promise<void> };

/** A job run as a function in this process; the signal aborts it when the scheduler stops. */
export type InProcessJob = (signal: AbortSignal) => Promise<void>;

export type InProcessJobSpec = { name: string; firstMs: number; intervalMs: number; run: InProcessJob };

/**
 * Bree drives the timing; each job runs in this process. Bree's default is a worker thread per run, which
 * needs a compiled JavaScript file (the source is TypeScript run through tsx, which a worker thread does
 * not inherit), would rebuild every connection per run and could not share this process's cycle lock,
 * outbox relay or Feishu inbox. Bree's sanctioned extension point, `createWorker`, is replaced by one that
 * runs the named job as a function and speaks the worker events Bree listens to ('online', 'exit', 'error').
 */
export function inProcessJobs(log: Logger, specs: readonly InProcessJobSpec[]): Scheduler {
  const jobs = new Map(specs.map((j) => [j.name, j.run]));
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    logger: breeLogger(log),
    jobs: specs.map((j) => ({
      name: j.name,
      path: () => undefined,
      timeout: j.firstMs,
      interval: j.intervalMs,
    })),
    errorHandler: (err, meta) => log.error({ job: meta.name, err: String(err) }, 'scheduled job failed'),
  });
  bree.createWorker = (_path, options) => {
    const name = (options.workerData as { job: { name: string } }).job.name;
    const job = jobs.get(name);
    if (!job) throw new Error(`no in-process job ${name}`);
    return new InProcessWorker(job) as unknown as Worker;
  };
  return { start: () => bree.start(), stop: () => bree.stop() };
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
