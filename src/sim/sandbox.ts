import { mkdirSync, rmSync } from 'node:fs';
import { seedSandboxApproval } from './sandboxApproval.js';
import { seedSandboxFeishuNative } from './feishu/bitable.js';
import { updateSettings } from '../services/settings/updateSettings.js';
import { systemActor } from '../policies/actor.js';
import { AdvancingClock } from '../clock.js';
import { withReader } from '../db/repos/transaction.js';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config/loadConfig.js';
import { demoFeishuCredentials, demoVolcCredentials } from '../config/demoCredentials.js';
import { createDeps, type Deps } from '../deps.js';
import { createLogger, type Logger } from '../log/logger.js';
import { startServer, type RunningServer } from '../server.js';
import { sweepQuotaRequests } from '../services/requests/sweepQuotaRequests.js';
import { readSettings } from '../services/settings/getSettings.js';
import { runSpendingCheck, type SpendingCheckResult } from '../services/watch/runSpendingCheck.js';
import { demoBotOpenId } from './feishu/demo.js';
import { startFeishuSim, type FeishuSim } from './feishu/server.js';
import {
  sandboxGroup,
  sandboxPeople,
  sandboxPeopleIn,
  sandboxVolcSeed,
  seedSandboxAirGate,
  seedSandboxArk,
  seedSandboxFeishu,
  type SandboxSeedReport,
} from './sandboxSeed.js';
import { startVolcSim, type VolcSim } from './volc/server.js';

/** The sandbox's Volcengine call limits and AirGate's pace to match (see startVolcSim below). */
const SANDBOX_BILLING_QPS = 50;
const SANDBOX_USAGE_QPS = 20;
const SANDBOX_TUNING = { billingQps: SANDBOX_BILLING_QPS, usageQps: SANDBOX_USAGE_QPS };

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
  /**
   * The environment that points AirGate's CLI at this sandbox: its database, both simulators (public demo
   * credentials) and AirGate's port. `airgate sandbox` writes it to sandbox.env beside the database.
   */
  env: Readonly<Record<string, string>>;
  deps: Deps;
  people: typeof sandboxPeople;
  group: typeof sandboxGroup;
  seed: SandboxSeedReport;
  /** the burner's Ark endpoint, keys (with their secrets) and traffic, by label */
  ark: ReturnType<typeof seedSandboxArk>;
  firstCheck: SpendingCheckResult;
  /** The one clock of the sandbox: AirGate's (deps.clock); both simulators are kept at the same time. */
  clock: AdvancingClock;
  /**
   * The time-lapse: moves AirGate's clock and both simulators' by `ms`, in steps of the check interval
   * (at most ADVANCE_MAX_CHECKS steps), and at every step runs what a clock passing there would have run:
   * the spending check and the quota requests' sweep, at that step's time.
   */
  advance: (ms: number) => Promise<SandboxAdvance>;
  close: () => Promise<void>;
};

/** What one `/advance` did: the checks run on the way, what they found, and the virtual time reached. */
export type SandboxAdvance = {
  from: Date;
  to: Date;
  /** spending checks run (one per step; a step whose check found another one running counts in busy) */
  checks: number;
  busy: number;
  /** the simulated time between two checks */
  stepMs: number;
  alerts: number;
  disabled: string[];
  enabled: string[];
  /** the last check's result (`advance(0)` runs exactly one check) */
  last: SpendingCheckResult | undefined;
};

/** The most spending checks one `/advance` runs: a long jump takes fewer, longer steps. */
export const ADVANCE_MAX_CHECKS = 24;
/** The longest single `/advance`. */
export const ADVANCE_MAX_MS = 31 * 86_400_000;

/** The file beside the database with the environment of `Sandbox.env`, for `set -a; . FILE; set +a`. */
export const SANDBOX_ENV_FILE = 'sandbox.env';

/** `Sandbox.env` as a shell-sourceable file: one NAME='value' a line. */
export function sandboxEnvFile(env: Readonly<Record<string, string>>): string {
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  return `${Object.entries(env)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join('\n')}\n`;
}

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
      // The sandbox is a time-lapse: /advance runs a check every 10 simulated minutes back to back, so a
      // per-second limit meant for a check every 10 minutes is scaled with it (one check still makes about
      // five bill calls, as on the real cloud). Tests and benches keep the documented 5 QPS.
      limits: { billingQps: SANDBOX_BILLING_QPS, usageQps: SANDBOX_USAGE_QPS },
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
    const locale = opts.locale ?? 'zh';
    seedSandboxFeishu(feishu, locale);

    const env: Record<string, string> = {
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
      ...(feishu.app.encryptKey ? { FEISHU_ENCRYPT_KEY: feishu.app.encryptKey } : {}),
      ...(feishu.app.verificationToken ? { FEISHU_VERIFICATION_TOKEN: feishu.app.verificationToken } : {}),
      FEISHU_BASE_URL: feishu.url,
      FEISHU_EVENT_MODE: 'http',
    };
    const config = loadConfig(env);
    // One clock: AirGate's is the wall clock plus the sandbox's offset; advance() moves both simulators' by
    // the same amounts, so bills, chats and AirGate's cards agree on the (virtual) time.
    const clock = new AdvancingClock();
    const deps = createDeps(config, { log: opts.log ?? createLogger(config.logLevel), clock });
    const airgate = await startServer(deps, { port: config.port, host: '127.0.0.1' });
    stack.push(() => airgate.close());
    feishu.setEventUrl(`${airgate.url}/feishu/events`);
    // What the CLI needs to work on this sandbox (its database, both simulators, AirGate's real port).
    env.PORT = String(airgate.port);

    const seed = await seedSandboxAirGate(deps, volc, locale);
    // Feishu-native parts switched on as an admin would: the approval centre and org-chart route, urgent
    // alerts in Feishu and the month-end statement's Base.
    await seedSandboxApproval(deps, feishu, airgate.url);
    await updateSettings(deps, { actor: systemActor, patch: await seedSandboxFeishuNative(feishu) });
    // One spending check at once, so spending, percentages and the first alerts are there from the start;
    // the scheduler started with the server keeps checking at the configured interval.
    const firstCheck = await runSpendingCheck(deps, {
      trigger: 'sandbox',
      lock: { waitMs: 60_000 },
      tuning: SANDBOX_TUNING,
    });
    return {
      airgate,
      volc,
      feishu,
      config,
      env,
      deps,
      people: sandboxPeopleIn(locale),
      group: sandboxGroup,
      seed,
      ark,
      firstCheck,
      clock,
      advance: async (ms) => {
        if (!Number.isFinite(ms) || ms < 0 || ms > ADVANCE_MAX_MS)
          throw new RangeError(`advance() takes 0 to ${ADVANCE_MAX_MS} ms`);
        const intervalMs = await withReader(
          deps.db,
          async (m) => (await readSettings(deps.repos, m)).checkIntervalMinutes * 60_000,
        );
        const steps = ms === 0 ? 1 : Math.min(ADVANCE_MAX_CHECKS, Math.ceil(ms / intervalMs));
        const out: SandboxAdvance = {
          from: clock.now(),
          to: clock.now(),
          checks: 0,
          busy: 0,
          stepMs: Math.ceil(ms / steps),
          alerts: 0,
          disabled: [],
          enabled: [],
          last: undefined,
        };
        let moved = 0;
        for (let i = 1; i <= steps; i++) {
          const step = Math.round((ms * i) / steps) - moved;
          moved += step;
          volc.advance(step);
          await feishu.advance(step);
          clock.advance(step);
          const r = await runSpendingCheck(deps, {
            trigger: 'sandbox',
            lock: { waitMs: 60_000 },
            tuning: SANDBOX_TUNING,
          });
          await sweepQuotaRequests(deps).catch((err: unknown) =>
            deps.log.warn({ err: String(err) }, 'sandbox: quota request sweep failed'),
          );
          out.last = r;
          if (!r.ran) {
            out.busy++;
            continue;
          }
          out.checks++;
          out.alerts += Object.values(r.summary.alerts).reduce((a, b) => a + b, 0);
          out.disabled.push(...r.summary.disabled.filter((u) => !out.disabled.includes(u)));
          out.enabled.push(...r.summary.enabled.filter((u) => !out.enabled.includes(u)));
        }
        out.to = clock.now();
        return out;
      },
      close: unwind,
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
