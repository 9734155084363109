/**
 * What the benches that approve quota requests through Feishu share (multiProcess, clickCost): the people,
 * the seeded sub-accounts, AirGate's compiled processes, the request cards' Approve value, and small
 * waits and reads on the bench's own database.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../../src/deps.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { createLogger } from '../../src/log/logger.js';
import { systemActor } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { callbackValue } from '../../src/sim/feishu/callbacks.js';
import type { SimMessage } from '../../src/sim/feishu/server.js';
import { run, startSims, type Child } from '../../test/ops/support.js';
import type { TestDatabase } from '../../test/support/databases.js';
import { COMPILED_CLI, imageNodeOptions } from './processes.js';

export const MYSQL = (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
export const ALERTS = 'oc_bench_alerts_000000001';
export const who = {
  admin: { openId: 'ou_bench_admin_0001', name: 'Ada', roles: ['admin' as const] },
  approver1: { openId: 'ou_bench_appr_0001', name: 'Ann', roles: ['approver' as const] },
  approver2: { openId: 'ou_bench_appr_0002', name: 'Bob', roles: ['approver' as const] },
  lead: { openId: 'ou_bench_lead_0001', name: 'Leo', roles: ['lead' as const] },
};
export const team = (i: number) => `team-${String(i).padStart(2, '0')}`;

/** An AirGate process from the compiled build, as the image runs it. */
export function airgate(args: string[], env: Record<string, string>): Child {
  // BENCH_PROFILE=<dir>: each server writes a CPU profile there when it stops (bench/profileSummary.ts).
  const prof = process.env.BENCH_PROFILE && args[0] === 'serve';
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  return run(process.execPath, [...flags, COMPILED_CLI, ...args], {
    NODE_OPTIONS: imageNodeOptions(),
    ...env,
    NODE_ENV: 'production',
  });
}

/**
 * The people (members of the alert chat), `subs` sub-accounts with one project each and a quota
 * allocated, and settings that let the lead have `requests` quota requests pending at once.
 */
export async function seed(
  sims: Awaited<ReturnType<typeof startSims>>,
  env: Record<string, string>,
  db: TestDatabase,
  { subs: subCount, requests: requestCount }: { subs: number; requests: number },
): Promise<void> {
  const people = Object.values(who);
  sims.feishu.seedUsers(people.map((p) => ({ openId: p.openId, name: p.name })));
  sims.feishu.seedChat({
    chatId: ALERTS,
    name: 'Bench alerts',
    type: 'group',
    members: people.map((p) => p.openId),
  });
  const deps = createDeps({ ...loadConfig(env), database: db.config }, { log: createLogger('silent') });
  try {
    await initDeps(deps, { migrate: false });
    const account = (await withReader(deps.db, (m) => deps.repos.accounts.findEnv(m)))!;
    const now = deps.clock.now();
    const subs = await inTransaction(deps.db, async (tx) => {
      for (const p of people)
        await deps.repos.members.insert(tx, { openId: p.openId, name: p.name, roles: [...p.roles] }, now);
      const out = [];
      for (let i = 0; i < subCount; i++) {
        const s = await deps.repos.subAccounts.insert(
          tx,
          { accountId: account.id, userName: team(i), status: 'active', ownerOpenId: who.lead.openId },
          now,
        );
        await deps.repos.projects.insert(
          tx,
          {
            subAccountId: s.id,
            accountId: account.id,
            projectName: `proj-${i}`,
            countsFrom: countsFrom(),
            attachedPolicies: [],
          },
          now,
        );
        out.push(s);
      }
      return out;
    });
    await updateSettings(deps, {
      actor: systemActor,
      // The default caps (10 pending per requester, 3 per sub-account) would refuse most of the lead's
      // applications, and the bench would wait for cards that never come.
      patch: {
        alertChatId: ALERTS,
        checkIntervalMinutes: 1,
        maxPendingRequestsPerRequester: Math.max(10, requestCount),
        maxPendingRequestsPerSubAccount: Math.max(3, Math.ceil(requestCount / subCount)),
      },
    });
    // Under multiProcess's burn (5/h for three days, about 360), half the quotas cross a threshold and half
    // are exhausted at once.
    for (const [i, s] of subs.entries()) {
      await allocateQuota(deps, {
        actor: systemActor,
        subAccountId: s.id,
        amount: money(i % 2 ? '300' : '500'),
        note: 'bench',
        requestId: `seed:${s.id}`,
      });
    }
  } finally {
    await closeDeps(deps);
  }
}

const countsFrom = () => new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);

export function approveValue(m: SimMessage): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (found || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach(walk);
    const v = callbackValue(node as Record<string, unknown>) as Record<string, unknown> | undefined;
    if (v && typeof v === 'object' && v.a === 'request.approve') found = v;
    for (const [k, child] of Object.entries(node)) if (k !== 'behaviors' && k !== 'value') walk(child);
  };
  walk(m.card);
  return found;
}

/** Waits until no event is waiting and the outbox is empty, twice in a row. */
export async function settle(db: TestDatabase): Promise<void> {
  let quiet = 0;
  await until(
    'the inbox and outbox to drain',
    async () => {
      const busy =
        (await count(
          db,
          "SELECT COUNT(*) AS n FROM feishu_inbox_events WHERE status IN ('pending', 'processing')",
        )) + (await count(db, "SELECT COUNT(*) AS n FROM feishu_outbox WHERE status = 'pending'"));
      quiet = busy === 0 ? quiet + 1 : 0;
      return quiet >= 3 || undefined;
    },
    120_000,
  );
}

export async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
  progress?: () => string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${progress ? ` (${progress()})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** A database of the bench's own on MYSQL, created empty; `drop` drops it. */
export async function benchDatabase(): Promise<TestDatabase> {
  const name = `airgate_bench_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  return {
    kind: 'mysql',
    config: { type: 'mysql', url: `${MYSQL}/${name}` },
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS \`${name}\``))),
  };
}

export async function admin<T>(
  fn: (c: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  const c = await createConnection({ uri: MYSQL });
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function rows(db: TestDatabase, sql: string): Promise<Array<Record<string, unknown>>> {
  if (db.config.type !== 'mysql') throw new Error('MariaDB only');
  const c = await createConnection({ uri: db.config.url, timezone: 'Z', dateStrings: false });
  try {
    return (await c.query(sql))[0] as Array<Record<string, unknown>>;
  } finally {
    await c.end();
  }
}

export async function count(db: TestDatabase, sql: string): Promise<number> {
  return Number((await rows(db, sql))[0]?.n ?? 0);
}
