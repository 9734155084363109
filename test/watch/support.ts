import { loadConfig, type Config } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../../src/deps.js';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { OutboxRelay } from '../../src/feishu/relay.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { createVolcFactory } from '../../src/services/iam/volcClients.js';
import {
  runSpendingCheck,
  type SpendingCheckInput,
  type SpendingCheckResult,
} from '../../src/services/watch/runSpendingCheck.js';
import { billDay } from '../../src/domain/billingPeriod.js';
import type { FeishuSim } from '../../src/sim/feishu/server.js';
import type { VolcSeed, VolcSim } from '../../src/sim/volc/server.js';
import { captureLogs } from '../support/app.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/databases.js';
import { givenAllocation, givenSubAccount } from '../support/factories.js';
import { startSimulators } from '../support/simulators.js';

export const ALERT_CHAT = 'oc_watch_alerts';
export const admin = { kind: 'cli' as const, osUser: 'tester' };
const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 5 };

/** A deterministic random source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type WatchWorld = {
  deps: Deps;
  volc: VolcSim;
  feishu: FeishuSim;
  db: TestDatabase;
  accountId: string;
  logs: string[];
  /** Moves AirGate's clock, the Volcengine bill and the Feishu simulator forward together. */
  advance(ms: number): Promise<void>;
  check(input?: Partial<SpendingCheckInput>): Promise<Extract<SpendingCheckResult, { ran: true }>>;
  /** Delivers what the outbox holds now (repeats passes until nothing more is due). */
  deliver(): Promise<number>;
  addSub(
    userName: string,
    projects: string[],
    opts?: { quota?: string; countsFrom?: string; accountId?: string; owner?: string },
  ): Promise<SubAccountDto>;
  allocate(subAccountId: string, amount: string): Promise<void>;
  sub(userName: string): Promise<SubAccountDto>;
  /** Titles of the cards the bot posted in the alert chat, oldest first. */
  chatCards(): string[];
  close(): Promise<void>;
};

export type WorldOptions = {
  start?: string;
  seed?: VolcSeed;
  rngSeed?: number;
  config?: Partial<Config>;
  settings?: Record<string, unknown>;
  /** Wall-clock time for AirGate and the Volcengine simulator (other processes share it), instead of a virtual clock. */
  realClock?: boolean;
};

/**
 * AirGate (real deps on a fresh database of `kind`) wired to a Volcengine simulator on a virtual clock and
 * a Feishu simulator with an alert chat, over real HTTP. AirGate's clock is the Volcengine simulator's.
 */
export async function openWatchWorld(kind: DbKind, opts: WorldOptions = {}): Promise<WatchWorld> {
  const start = new Date(opts.start ?? '2026-05-10T00:00:00Z');
  const sims = await startSimulators({
    volc: {
      seed: opts.seed ?? {},
      rngSeed: opts.rngSeed ?? 7,
      clock: opts.realClock ? { mode: 'real' } : { mode: 'virtual', start },
    },
    feishu: { seed: opts.rngSeed ?? 7 },
    users: [{ openId: 'ou_watch_admin', name: 'Admin' }],
    chats: [
      {
        chatId: ALERT_CHAT,
        name: 'AirGate alerts',
        type: 'group',
        members: ['ou_watch_admin'],
        botIsMember: true,
      },
    ],
  });
  const { volc, feishu } = sims;
  const db = await createTestDatabase(kind, { migrated: true });
  const { log, logs } = captureLogs('info');
  const base = loadConfig({});
  const config: Config = {
    ...base,
    database: db.config,
    volc: { ...volc.credentials, region: 'cn-beijing', endpoint: volc.url, timeoutMs: 5_000 },
    feishu: { ...feishu.app, encryptKey: feishu.app.encryptKey, baseUrl: feishu.url, eventMode: 'http' },
    ...opts.config,
  };
  const clock = opts.realClock ? { now: () => new Date() } : { now: () => volc.now() };
  const deps = createDeps(config, { log, clock });
  deps.volc = createVolcFactory(deps, { retry: fastRetry });
  await initDeps(deps, { migrate: true });
  await updateSettings(deps, { actor: admin, patch: { alertChatId: ALERT_CHAT, ...opts.settings } });
  const account = await withReader(deps.db, (m) => deps.repos.accounts.findEnv(m));
  if (!account || !deps.feishu) throw new Error('world not wired');
  const relay = new OutboxRelay(
    { db: deps.db, clock, log, sender: deps.feishu.sender, outbox: deps.outbox },
    {
      random: seededRandom(opts.rngSeed ?? 7),
      // On wall-clock time keep under Feishu's 5 messages/s per chat; on a virtual clock the pace is moot.
      ...(opts.realClock
        ? { perKeyIntervalMs: 220, backoffBaseMs: 100, backoffMaxMs: 1_000 }
        : { perKeyIntervalMs: 0 }),
      appPerSecond: 10_000,
      appPerMinute: 1_000_000,
      concurrency: 2,
    },
  );

  const world: WatchWorld = {
    deps,
    volc,
    feishu,
    db,
    accountId: account.id,
    logs,
    async advance(ms) {
      volc.advance(ms);
      await feishu.advance(ms);
    },
    async check(input = {}) {
      const r = await runSpendingCheck(deps, {
        trigger: 'test',
        ...input,
        tuning: { billingQps: 0, usageQps: 0, ...input.tuning },
      });
      if (!r.ran) throw new Error('cycle busy');
      return r;
    },
    async deliver() {
      let sent = 0;
      for (let i = 0; i < 10_000; i++) {
        const p = await relay.runOnce();
        sent += p.sent;
        if (p.sent + p.retried + p.failed === 0) return sent;
      }
      return sent;
    },
    async addSub(userName, projects, o = {}) {
      await givenSubAccount(deps, {
        userName,
        accountId: o.accountId ?? account.id,
        ownerOpenId: o.owner ?? null,
        projects,
        countsFrom: o.countsFrom ?? billDay(clock.now()),
      });
      const sub = await world.sub(userName);
      if (o.quota) await world.allocate(sub.id, o.quota);
      return world.sub(userName);
    },
    async allocate(subAccountId, amount) {
      await givenAllocation(deps, subAccountId, amount, { actor: admin, note: 'test' });
    },
    async sub(userName) {
      const [s] = await withReader(deps.db, (m) => deps.repos.subAccounts.findByName(m, userName));
      if (!s) throw new Error(`no sub-account ${userName}`);
      return s;
    },
    chatCards() {
      return feishu
        .messages({ chatId: ALERT_CHAT })
        .map((m) =>
          String(
            (m.card as { header?: { title?: { content?: string } } } | undefined)?.header?.title?.content ??
              m.text ??
              '',
          ),
        );
    },
    async close() {
      await closeDeps(deps);
      await sims.close();
      await db.drop();
    },
  };
  return world;
}

/** A Volcengine user with one active and one inactive key and a console login, and its projects. */
export function simUser(userName: string): NonNullable<VolcSeed['users']>[number] {
  return {
    userName,
    accessKeys: [{ status: 'active' }, { status: 'inactive' }],
    loginProfile: { password: 'Airgate-demo-123', loginAllowed: true, passwordResetRequired: false },
  };
}
