/**
 * Latency of GET /api/v1/subaccounts/{name} at 200 concurrent requests on MariaDB, run by hand:
 *
 *   npx tsx bench/apiSubaccounts.ts            (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306)
 *
 * AirGate runs as `airgate serve` would (buildApp, real key checks, default rate limit) over 2,000
 * sub-accounts × 3 projects; 200 clients, each with its own read key, load it from a worker thread so
 * that client and server do not share an event loop. Two shapes: waves of 200 simultaneous requests, and
 * 200 requests kept in flight (there latency follows throughput). Aim: p99 ≤ 100 ms.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { createConnection } from 'mysql2/promise';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../src/deps.js';
import { inTransaction } from '../src/db/repos/transaction.js';
import { money, parseAmount } from '../src/domain/money.js';
import { createLogger } from '../src/log/logger.js';
import { createApiKey } from '../src/services/apiKeys/createApiKey.js';
import { allocateQuota } from '../src/services/quota/allocateQuota.js';
import { loadStats, runHttpLoad, type Load } from './lib/httpLoad.js';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const SUB_ACCOUNTS = 2000;
const CONCURRENCY = 200;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const cli = { kind: 'cli', osUser: 'bench' } as const;

type Req = { path: string; key: string };

async function seed(deps: Deps): Promise<string[]> {
  const now = deps.clock.now();
  const accountId = randomUUID();
  await inTransaction(deps.db, (tx) =>
    deps.repos.accounts.insert(tx, {
      id: accountId,
      name: 'bench-main',
      source: 'db',
      accessKeyId: 'AKLTbench0001',
      secretSealed: null,
      region: 'cn-beijing',
      endpoint: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const names: string[] = [];
  const withLedger: string[] = [];
  for (let i = 0; i < SUB_ACCOUNTS; i += 100) {
    await inTransaction(deps.db, async (tx) => {
      for (let j = i; j < i + 100; j++) {
        const userName = `bench-user-${String(j).padStart(4, '0')}`;
        names.push(userName);
        const sub = await deps.repos.subAccounts.insert(tx, { accountId, userName }, now);
        for (const p of ['a', 'b', 'c']) {
          const row = await deps.repos.projects.insert(
            tx,
            {
              subAccountId: sub.id,
              accountId,
              projectName: `${userName}-${p}`,
              countsFrom: '2026-05-01',
              attachedPolicies: [],
            },
            now,
          );
          await deps.repos.projects.updateSpent(
            tx,
            row.id,
            money(`${j % 97}.${String(j % 100).padStart(2, '0')}`),
            now,
          );
        }
        // One sub-account in ten has a ledger with a few entries.
        if (j % 10 === 0) withLedger.push(userName);
      }
    });
  }
  for (const userName of withLedger) {
    const [sub] = await deps.repos.subAccounts.findByName(deps.db.manager, userName);
    for (let k = 0; k < 3; k++) {
      await allocateQuota(deps, {
        actor: cli,
        subAccountId: sub!.id,
        amount: parseAmount('100.5'),
        note: '',
        requestId: `seed-${k}`,
      });
    }
  }
  return names;
}

function load(url: string, reqs: Req[], mode: 'sustained' | 'waves'): Promise<Load> {
  return runHttpLoad(
    url,
    reqs.map((r) => ({ method: 'GET', path: r.path, headers: { authorization: `Bearer ${r.key}` } })),
    { concurrency: CONCURRENCY, mode, gapMs: 250 },
  );
}

/** Runs a load and adds how long AirGate's event loop was busy per request (less sensitive to a busy machine). */
async function measured(
  url: string,
  reqs: Req[],
  mode: 'sustained' | 'waves',
): Promise<Load & { busyMs: number }> {
  const before = performance.eventLoopUtilization();
  const r = await load(url, reqs, mode);
  const elu = performance.eventLoopUtilization(before);
  return { ...r, busyMs: elu.active / r.ms.length };
}

function summary(name: string, r: Load & { busyMs: number }): void {
  const { p50, p99, max, rps } = loadStats(r);
  console.log(
    `  ${name.padEnd(34)} n=${r.ms.length} p50=${p50.toFixed(1)}ms p99=${p99.toFixed(1)}ms max=${max.toFixed(1)}ms ${rps.toFixed(0)} req/s, server busy ${r.busyMs.toFixed(2)} ms/req ${JSON.stringify(r.statuses)}`,
  );
}

async function main() {
  const dbName = `airgate_bench_${Date.now()}`;
  const admin = await createConnection({ uri: MYSQL });
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const deps = createDeps(
    { ...loadConfig({}), database: { type: 'mysql', url: `${MYSQL.replace(/\/$/, '')}/${dbName}` } },
    { log: createLogger('warn') },
  );
  try {
    await initDeps(deps, { migrate: true });
    const t0 = performance.now();
    const names = await seed(deps);
    const keys: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      keys.push((await createApiKey(deps, { actor: cli, name: `bench-${i}`, scopes: ['read'] })).key);
    }
    console.log(
      `Seeded ${SUB_ACCOUNTS} sub-accounts × 3 projects and ${CONCURRENCY} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const server = createServer(buildApp(deps).callback());
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Request i goes out on connection slot i % 200 with that client's key; names spread over all 2,000.
    const reqs = (n: number, salt: number): Req[] =>
      Array.from({ length: n }, (_, i) => ({
        path: `/api/v1/subaccounts/${names[(i * 7919 + salt) % names.length]}`,
        key: keys[i % CONCURRENCY]!,
      }));

    await load(url, reqs(1000, 1), 'sustained');
    console.log(
      `GET /api/v1/subaccounts/{name}, MariaDB, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}:`,
    );
    summary(`waves of ${CONCURRENCY} simultaneous`, await measured(url, reqs(REQUESTS / 2, 2), 'waves'));
    summary(`${CONCURRENCY} kept in flight`, await measured(url, reqs(REQUESTS / 2, 3), 'sustained'));
    server.closeAllConnections();
    server.close();
  } finally {
    await closeDeps(deps);
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
