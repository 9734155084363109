import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config/loadConfig.js';
import { demoVolcCredentials } from '../config/demoCredentials.js';
import { createDeps } from '../deps.js';
import { createLogger } from '../log/logger.js';
import { startServer, type RunningServer } from '../server.js';
import { demoVolcSeed } from './volc/demoSeed.js';
import { startVolcSim, type VolcSim } from './volc/server.js';

export type SandboxOptions = {
  /** folder for the sandbox's SQLite database (default ./data/sandbox) */
  dataDir?: string;
  /** AirGate's port (default 3000; 0 = random) */
  port?: number;
  logLevel?: string;
};

export type Sandbox = {
  airgate: RunningServer;
  volc: VolcSim;
  config: Config;
  close: () => Promise<void>;
};

/**
 * AirGate on embedded defaults: SQLite in a data folder and the simulators in this process, pointed at
 * each other over real HTTP, with public demo credentials. No real credential is read or needed.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const dataDir = resolve(opts.dataDir ?? join('data', 'sandbox'));
  const volc = await startVolcSim({ port: 0, seed: demoVolcSeed(), credentials: { ...demoVolcCredentials } });
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: opts.logLevel ?? 'warn',
    DATABASE_URL: `sqlite:${join(dataDir, 'airgate.sqlite')}`,
    PORT: String(opts.port ?? 3000),
    VOLC_ACCESS_KEY_ID: volc.credentials.accessKeyId,
    VOLC_SECRET_ACCESS_KEY: volc.credentials.secretAccessKey,
    VOLC_ENDPOINT: volc.url,
  });
  const deps = createDeps(config, { log: createLogger(config.logLevel) });
  let airgate: RunningServer;
  try {
    airgate = await startServer(deps, { port: config.port, host: '127.0.0.1' });
  } catch (err) {
    await volc.close();
    throw err;
  }
  return {
    airgate,
    volc,
    config,
    close: async () => {
      await airgate.close();
      await volc.close();
    },
  };
}
