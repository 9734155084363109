import { ConfigError } from './errors.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, buildMetricsApp } from './app.js';
import { closeDeps, initDeps, type Deps } from './deps.js';
import { warmPool } from './db/dataSource.js';
import { createScheduler, type SchedulerOptions } from './jobs/schedule.js';

export type RunningServer = {
  url: string;
  port: number;
  /** The address listened on (HOST). */
  host: string;
  /** Where /metrics is served when METRICS_PORT is set. */
  metricsUrl?: string;
  close: () => Promise<void>;
};

/** Starts AirGate's HTTP server (migrations first unless told not to). */
export async function startServer(
  deps: Deps,
  opts: {
    port?: number;
    /** Default HOST (127.0.0.1). */
    host?: string;
    /** Default METRICS_PORT: /metrics on its own listener (0 = any free port; tests). */
    metricsPort?: number;
    migrate?: boolean;
    scheduler?: boolean | SchedulerOptions;
    /** On close, how long requests in flight may take to finish (default 5 s). */
    drainMs?: number;
  } = {},
): Promise<RunningServer> {
  await initDeps(deps, { migrate: opts.migrate ?? deps.config.migrateOnStart });
  // Before it listens: the first burst of Feishu answers would otherwise wait for connections opened
  // one at a time under that burst.
  await warmPool(deps.db);
  const host = opts.host ?? deps.config.host;
  const metricsPort = opts.metricsPort ?? deps.config.metrics?.port;
  const metricsToken = deps.config.metrics?.token;
  // `serve --no-scheduler` is paired with `airgate scheduler`: readiness still expects its cycles.
  const schedulerRole = opts.scheduler === false ? 'elsewhere' : 'here';
  const app = buildApp(deps, { metrics: metricsPort === undefined, metricsToken, scheduler: schedulerRole });
  const listen = (handler: ReturnType<typeof app.callback>, port: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const s = createServer(handler);
      s.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new ConfigError({ reason: 'port_in_use', params: { port: String(port), host } }, { cause: err })
            : err,
        ),
      );
      s.listen(port, host, () => resolve(s));
    });
  const server = await listen(app.callback(), opts.port ?? deps.config.port);
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await listen(
          buildMetricsApp(deps, { metricsToken, scheduler: schedulerRole }).callback(),
          metricsPort,
        ).catch(async (err) => {
          await new Promise((r) => server.close(r));
          throw err;
        });
  const port = (server.address() as AddressInfo).port;
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const metricsUrl = metricsServer
    ? `http://${local}:${(metricsServer.address() as AddressInfo).port}/metrics`
    : undefined;
  deps.log.info({ host, port, metricsUrl }, 'AirGate listening');
  deps.feishu?.start();
  // The scheduled jobs: the spending watch, the quota requests' sweep (on unless `scheduler: false`, e.g. `airgate serve --no-scheduler`).
  const scheduler =
    opts.scheduler === false
      ? undefined
      : createScheduler(deps, opts.scheduler === true ? {} : opts.scheduler);
  await scheduler?.start();
  return {
    url: `http://${local}:${port}`,
    port,
    host,
    ...(metricsUrl ? { metricsUrl } : {}),
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
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      drained,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.drainMs ?? 5_000))),
    ]);
    clearTimeout(timer);
    server.closeAllConnections();
    await Promise.all([deps.feishu?.stop(), scheduler?.stop()]);
    await closeDeps(deps);
    deps.log.info('AirGate stopped');
  }
}
