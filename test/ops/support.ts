import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FeishuSim } from '../../src/sim/feishu/server.js';
import type { VolcSim } from '../../src/sim/volc/server.js';
import type { VolcSeed } from '../../src/sim/volc/seed.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../../src/deps.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { createLogger } from '../../src/log/logger.js';
import { systemActor } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import type { TestDatabase } from '../support/databases.js';
import { startSimulators } from '../support/simulators.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'airgate.mjs');
export const ENTRYPOINT = join(ROOT, 'docker', 'entrypoint.sh');

/** Credentials shaped like real ones (production mode refuses the public demo values). */
export function realLookingCredentials() {
  return {
    volc: {
      accessKeyId: `AKLT${randomBytes(18).toString('base64url')}`,
      secretAccessKey: randomBytes(30).toString('base64'),
    },
    feishu: {
      appId: `cli_${randomBytes(8).toString('hex')}`,
      appSecret: randomBytes(16).toString('hex'),
      encryptKey: randomBytes(12).toString('hex'),
      verificationToken: randomBytes(12).toString('hex'),
    },
    encryptionKey: randomBytes(32).toString('hex'),
  };
}
export type Credentials = ReturnType<typeof realLookingCredentials>;

export type Sims = { volc: VolcSim; feishu: FeishuSim; creds: Credentials; close(): Promise<void> };

export async function startSims(opts: { volcSeed?: VolcSeed } = {}): Promise<Sims> {
  const creds = realLookingCredentials();
  const sims = await startSimulators({
    volc: { credentials: creds.volc, ...(opts.volcSeed ? { seed: opts.volcSeed } : {}) },
    feishu: { app: creds.feishu, botName: 'AirGate', retrySchedule: [300, 600], ackTimeoutMs: 3000 },
  });
  return { ...sims, creds };
}

export function databaseUrl(db: TestDatabase): string {
  return db.config.type === 'sqlite' ? `sqlite:${db.config.path}` : db.config.url;
}

/** The environment of a production install aimed at the simulators. */
export function productionEnv(
  sims: Sims,
  db: TestDatabase,
  extra: Record<string, string> = {},
): Record<string, string> {
  const { creds } = sims;
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AIRGATE_LOCALE: 'en',
    DATABASE_URL: databaseUrl(db),
    AIRGATE_ENCRYPTION_KEY: creds.encryptionKey,
    VOLC_ACCESS_KEY_ID: creds.volc.accessKeyId,
    VOLC_SECRET_ACCESS_KEY: creds.volc.secretAccessKey,
    VOLC_ENDPOINT: sims.volc.url,
    FEISHU_APP_ID: creds.feishu.appId,
    FEISHU_APP_SECRET: creds.feishu.appSecret,
    FEISHU_ENCRYPT_KEY: creds.feishu.encryptKey,
    FEISHU_VERIFICATION_TOKEN: creds.feishu.verificationToken,
    FEISHU_BASE_URL: sims.feishu.url,
    FEISHU_EVENT_MODE: 'http',
    ...extra,
  };
}

/** A child process with its output kept, a way to wait for a line, and its exit. */
export type Child = {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  kill: (signal?: NodeJS.Signals) => void;
};

/** Runs `command args` with only the given environment (plus PATH and HOME), in the repository. */
export function run(command: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killedAt = 0;
  const started = Date.now();
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - (killedAt || started) })),
  );
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => {
      killedAt = Date.now();
      proc.kill(signal);
    },
    waitFor: async (pattern, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      let done = false;
      void exited.then(() => (done = true));
      for (;;) {
        const m = `${out}\n${err}`.match(pattern);
        if (m) return m;
        if (done || Date.now() > until) {
          throw new Error(
            `no ${pattern} in the output (${done ? 'process exited' : 'timed out'}):\n${out}\n${err}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** `airgate <args>` as the checkout runs it. */
export function airgate(args: string[], env: Record<string, string>): Child {
  return run(process.execPath, [BIN, ...args], env);
}

/** Polls until `check` returns a value other than undefined/false. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One metric sample's value from Prometheus text, e.g. metric(text, 'airgate_outbox_pending'). */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ?? '';
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

export const ADMIN = { openId: 'ou_ops_admin_000000000001', name: 'Ada Admin' };
export const ALERT_CHAT = 'oc_ops_alerts_00000000001';
export const TEAM = { user: 'team-a', project: 'proj-a' };

/** The Volcengine account of these tests: one sub-account spending in one project. */
export function opsVolcSeed(): VolcSeed {
  const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
  return {
    billLagMinutes: 0,
    projects: [{ projectName: TEAM.project }],
    users: [{ userName: TEAM.user, accessKeys: [{}] }],
    burns: [{ project: TEAM.project, user: TEAM.user, ratePerHour: '2.50', since }],
  };
}

/**
 * What an operator would have set up, written through the repos on a migrated database: the admin, the
 * alert chat (the bot is in it), and the sub-account with its monitored project and an initial quota.
 */
export async function seedInstall(
  sims: Sims,
  env: Record<string, string>,
  db: TestDatabase,
  quota = '1000',
): Promise<string> {
  sims.feishu.seedUsers([ADMIN]);
  sims.feishu.seedChat({
    chatId: ALERT_CHAT,
    name: 'AirGate alerts',
    type: 'group',
    members: [ADMIN.openId],
  });
  const deps = createDeps({ ...loadConfig(env), database: db.config }, { log: createLogger('silent') });
  try {
    await initDeps(deps, { migrate: false });
    const account = (await withReader(deps.db, (m) => deps.repos.accounts.findEnv(m)))!;
    const now = deps.clock.now();
    const sub = await inTransaction(deps.db, async (tx) => {
      await deps.repos.members.insert(tx, { openId: ADMIN.openId, name: ADMIN.name, roles: ['admin'] }, now);
      const s = await deps.repos.subAccounts.insert(
        tx,
        { accountId: account.id, userName: TEAM.user, status: 'active' },
        now,
      );
      await deps.repos.projects.insert(
        tx,
        {
          subAccountId: s.id,
          accountId: account.id,
          projectName: TEAM.project,
          countsFrom: new Date(now.getTime() - 5 * 86_400_000).toISOString().slice(0, 10),
          attachedPolicies: [],
        },
        now,
      );
      return s;
    });
    await updateSettings(deps, { actor: systemActor, patch: { alertChatId: ALERT_CHAT } });
    await allocateQuota(deps, {
      actor: systemActor,
      subAccountId: sub.id,
      amount: money(quota),
      note: 'initial',
      requestId: `seed:${sub.id}`,
    });
    return sub.id;
  } finally {
    await closeDeps(deps);
  }
}
