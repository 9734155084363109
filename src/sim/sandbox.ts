import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config/loadConfig.js';
import { demoFeishuCredentials, demoVolcCredentials } from '../config/demoCredentials.js';
import { createDeps, type Deps } from '../deps.js';
import { createLogger, type Logger } from '../log/logger.js';
import { startServer, type RunningServer } from '../server.js';
import { runSpendingCheck, type SpendingCheckResult } from '../services/watch/runSpendingCheck.js';
import { demoBotOpenId } from './feishu/demo.js';
import { startFeishuSim, type FeishuSim } from './feishu/server.js';
import {
  sandboxGroup,
  sandboxPeople,
  sandboxVolcSeed,
  seedSandboxAirGate,
  seedSandboxArk,
  seedSandboxFeishu,
  type SandboxSeedReport,
} from './sandboxSeed.js';
import { startVolcSim, type VolcSim } from './volc/server.js';

export type SandboxOptions = {
  /** folder for the sandbox's SQLite database (default ./data/sandbox) */
  dataDir?: string;
  /** AirGate's port (default 3000; 0 = random) */
  port?: number;
  /** the Feishu simulator's port (default random; `airgate chat` looks at 18090) */
  feishuPort?: number;
  /** the Volcengine simulator's port (default random) */
  volcPort?: number;
  logLevel?: string;
  /** a logger of one's own (tests capture the lines) */
  log?: Logger;
  locale?: 'zh' | 'en';
};

export type Sandbox = {
  airgate: RunningServer;
  volc: VolcSim;
  feishu: FeishuSim;
  config: Config;
  deps: Deps;
  people: typeof sandboxPeople;
  group: typeof sandboxGroup;
  seed: SandboxSeedReport;
  /** the burner's Ark endpoint, keys (with their secrets) and traffic, by label */
  ark: ReturnType<typeof seedSandboxArk>;
  firstCheck: SpendingCheckResult;
  /** Moves the simulated Volcengine clock forward (time-lapse) and runs a spending check at once. */
  advance: (ms: number) => Promise<SpendingCheckResult>;
  close: () => Promise<void>;
};

/** The sandbox's database file: recreated on every start, because the simulators start afresh too. */
export const SANDBOX_DB_FILE = 'sandbox.sqlite';

/**
 * The whole product on embedded defaults, in this process: the Volcengine simulator (eight sub-accounts
 * spending, and the burner's Ark traffic), the Feishu simulator (a group, an admin, an approver, two leads) and AirGate on SQLite,
 * pointed at each other over real HTTP with public demo credentials, then filled through the use cases
 * (members, settings, sub-accounts with projects and quotas). No real credential is read or needed.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const dataDir = resolve(opts.dataDir ?? join('data', 'sandbox'));
  mkdirSync(dataDir, { recursive: true });
  const dbPath = join(dataDir, SANDBOX_DB_FILE);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dbPath}${suffix}`, { force: true });

  const stack: Array<() => Promise<void>> = [];
  const unwind = async () => {
    for (const close of stack.reverse()) await close().catch(() => undefined);
  };
  try {
    const volc = await startVolcSim({
      port: opts.volcPort ?? 0,
      seed: sandboxVolcSeed(),
      credentials: { ...demoVolcCredentials },
    });
    stack.push(() => volc.close());
    const ark = seedSandboxArk(volc);
    const feishu = await startFeishuSim({
      port: opts.feishuPort ?? 0,
      app: { ...demoFeishuCredentials },
      botOpenId: demoBotOpenId,
      botName: 'AirGate',
    });
    stack.push(() => feishu.close());
    seedSandboxFeishu(feishu);

    const config = loadConfig({
      NODE_ENV: 'development',
      LOG_LEVEL: opts.logLevel ?? 'warn',
      DATABASE_URL: `sqlite:${dbPath}`,
      PORT: String(opts.port ?? 3000),
      AIRGATE_LOCALE: opts.locale ?? 'zh',
      VOLC_ACCESS_KEY_ID: volc.credentials.accessKeyId,
      VOLC_SECRET_ACCESS_KEY: volc.credentials.secretAccessKey,
      VOLC_ENDPOINT: volc.url,
      FEISHU_APP_ID: feishu.app.appId,
      FEISHU_APP_SECRET: feishu.app.appSecret,
      FEISHU_ENCRYPT_KEY: feishu.app.encryptKey,
      FEISHU_VERIFICATION_TOKEN: feishu.app.verificationToken,
      FEISHU_BASE_URL: feishu.url,
      FEISHU_EVENT_MODE: 'http',
    });
    const deps = createDeps(config, { log: opts.log ?? createLogger(config.logLevel) });
    const airgate = await startServer(deps, { port: config.port, host: '127.0.0.1' });
    stack.push(() => airgate.close());
    feishu.setEventUrl(`${airgate.url}/feishu/events`);

    const seed = await seedSandboxAirGate(deps, volc);
    // One spending check at once, so spending, percentages and the first alerts are there from the start;
    // the scheduler started with the server keeps checking at the configured interval.
    const firstCheck = await runSpendingCheck(deps, { trigger: 'sandbox', lock: { waitMs: 60_000 } });
    return {
      airgate,
      volc,
      feishu,
      config,
      deps,
      people: sandboxPeople,
      group: sandboxGroup,
      seed,
      ark,
      firstCheck,
      advance: async (ms) => {
        volc.advance(ms);
        return runSpendingCheck(deps, { trigger: 'sandbox', lock: { waitMs: 60_000 } });
      },
      close: unwind,
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
