import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { closeDeps, initDeps, type Deps } from './deps.js';

export type RunningServer = { url: string; port: number; close: () => Promise<void> };

/** Starts AirGate's HTTP server (migrations first unless told not to). */
export async function startServer(
  deps: Deps,
  opts: { port?: number; host?: string; migrate?: boolean } = {},
): Promise<RunningServer> {
  await initDeps(deps, { migrate: opts.migrate ?? deps.config.migrateOnStart });
  const app = buildApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? deps.config.port, opts.host ?? '0.0.0.0', () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  deps.log.info({ port }, 'AirGate listening');
  deps.feishu?.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closeDeps(deps);
    },
  };
}
