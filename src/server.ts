import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { closeDeps, initDeps, type Deps } from './deps.js';
import { createScheduler, type SchedulerOptions } from './jobs/schedule.js';
import { startRequestExpiry } from './feishu/actions/requestExpiry.js';

export type RunningServer = { url: string; port: number; close: () => Promise<void> };

/** Starts AirGate's HTTP server (migrations first unless told not to). */
export async function startServer(
  deps: Deps,
  opts: {
    port?: number;
    host?: string;
    migrate?: boolean;
    scheduler?: boolean | SchedulerOptions;
    /** On close, how long requests in flight may take to finish (default 5 s). */
    drainMs?: number;
  } = {},
): Promise<RunningServer> {
  await initDeps(deps, { migrate: opts.migrate ?? deps.config.migrateOnStart });
  // `serve --no-scheduler` is paired with `airgate scheduler`: readiness still expects its cycles.
  const app = buildApp(deps, { scheduler: opts.scheduler === false ? 'elsewhere' : 'here' });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? deps.config.port, opts.host ?? '0.0.0.0', () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  deps.log.info({ port }, 'AirGate listening');
  deps.feishu?.start();
  // Expired quota requests get their cards updated and their requesters told.
  const expiry = deps.feishu ? startRequestExpiry(deps) : undefined;
  // The spending watch's scheduler (on unless `scheduler: false`, e.g. `airgate serve --no-scheduler`).
  const scheduler =
    opts.scheduler === false
      ? undefined
      : createScheduler(deps, opts.scheduler === true ? {} : opts.scheduler);
  await scheduler?.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => (closing ??= shutdown()),
  };

  /**
   * Graceful shutdown: stop taking events (no new HTTP connection; requests in flight get their answer
   * within the drain time), then, at once: the long connection closed, events already running finished
   * and queued ones handed back, the relay's send in flight recorded, the running cycle ended after its
   * current account (recorded and its lock released); the database last.
   */
  async function shutdown(): Promise<void> {
    deps.log.info('AirGate shutting down');
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      drained,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.drainMs ?? 5_000))),
    ]);
    clearTimeout(timer);
    server.closeAllConnections();
    await Promise.all([deps.feishu?.stop(), scheduler?.stop(), expiry?.stop()]);
    await closeDeps(deps);
    deps.log.info('AirGate stopped');
  }
}
