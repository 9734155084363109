/**
 * Latency of GET /api/v1/subaccounts/{name} at 200 concurrent requests on MariaDB, on the compiled build,
 * run by hand (README "Performance"):
 *
 *   npm run build && npx tsx bench/apiSubaccounts.ts     (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306)
 *
 * AirGate runs as the image runs it (`node dist/src/cli/main.js serve`, NODE_ENV=production, the image's
 * NODE_OPTIONS) in its own process, over 2,000 sub-accounts × 3 projects; 200 clients, each with its own
 * read key, load it from another process (bench/lib/loadgen.mjs). Beside it, in the same run, the
 * baseline: a bare Koa route doing one primary-key SELECT of a sub-account through the same pool
 * (bench/lib/bareServer.mjs). Two shapes: waves of 200 simultaneous requests, and 200 kept in flight
 * (there latency follows throughput). Printed: p50/p99, throughput, the server's CPU per request, idle
 * RSS and peak RSS under each load, each as a ratio to the baseline, and the load average. Each shape runs
 * BENCH_ROUNDS rounds (default 3, alternating which side goes first); the medians of the ratios are printed.
 * Aims: p99 ≤ 100 ms; throughput ≥ 50 % of the baseline's.
 *
 * Half the sub-accounts (odd numbers) have fresh spending: stored Ark estimates for every open day, two
 * models a project, with the main account's per-project errors, calibrations and billed rows, as the watch
 * cycle leaves them when every project uses Ark. The two shapes above read the other half (the bill
 * alone); a third, 200 kept in flight, reads these. AirGate keeps each sub-account's layers between reads
 * until the next watch cycle writes (cachedLayers.ts): after the warm-up those reads find them kept. A
 * fourth shape does what a cycle does (raises the account's counter, then stores each sub-account's layers,
 * storeSubLayers.ts) and reads each of these sub-accounts once: every read takes the stored layers. A fifth
 * raises the counter alone (a write of the rows no cycle has followed yet) and reads each once: every read
 * computes its layers (the worst case).
 *
 * BENCH_PROFILE=<dir>: the server runs with --cpu-prof (profile summarised at the end) and its database
 * traffic goes through a counting proxy, which prints the statements per request; the bare route is
 * profiled too (<dir>/bare), so that the two can be compared per request.
 * BENCH_SHAPES=2,3 runs only those shapes (1 waves, 2 in flight, 3 fresh estimates, 4 first read after a
 * cycle, 5 first read after a write of the rows). BENCH_NODE_FLAGS gives AirGate's server more node flags
 * (e.g. "--trace-gc"); BENCH_SERVER_LOG=<file> keeps its output.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../src/deps.js';
import { inTransaction } from '../src/db/repos/transaction.js';
import { money } from '../src/domain/money.js';
import { parseAmount } from '../src/services/quota/parseAmount.js';
import { createLogger } from '../src/log/logger.js';
import { createApiKey } from '../src/services/apiKeys/createApiKey.js';
import { spendingLayersRepo } from '../src/db/repos/spendingLayers.js';
import { storedLayersWindow } from '../src/services/spending/readLayers.js';
import { storeSubAccountLayers } from '../src/services/spending/storeSubLayers.js';
import { allocateQuota } from '../src/services/quota/allocateQuota.js';
import { productionEnv, startSims } from '../test/ops/support.js';
import type { TestDatabase } from '../test/support/databases.js';
import { printProfiles } from './lib/cpuProfile.js';
import { runHttpLoad, type LoadRequest } from './lib/httpLoad.js';
import { hostPort, perRequest, startQueryCounter } from './lib/mysqlCount.js';
import {
  idleRss,
  imageNodeOptions,
  loadAverage,
  requireFreshBuild,
  startBareServer,
  startCompiledServer,
  warnIfBusy,
  warnIfNotImageNode,
  whileMeasuring,
  type Measured,
} from './lib/processes.js';
import { heading, measurement, printRow, type Measurement } from './lib/report.js';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const SUB_ACCOUNTS = 2000;
const CONCURRENCY = 200;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
/** Rounds per shape, each bare then AirGate or the other way round; the medians of their ratios are printed. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const cli = { kind: 'cli', osUser: 'bench' } as const;

type Req = { path: string; key: string };

const MODELS = ['doubao-seed-1-6-251015', 'doubao-seedance-1-0-pro-250528'];

/**
 * What the watch cycle stores for projects that use Ark: an estimate per open day and model, the per-project
 * errors and per-model calibrations of the main account, and the billed rows of the open days.
 */
async function seedEstimates(deps: Deps, accountId: string, projectNames: string[]): Promise<void> {
  const now = new Date();
  const { days } = storedLayersWindow(now);
  const layers = spendingLayersRepo;
  for (let i = 0; i < projectNames.length; i += 100) {
    await inTransaction(deps.db, async (tx) => {
      const batch = projectNames.slice(i, i + 100);
      await layers.upsertEstimates(
        tx,
        batch.flatMap((projectName) =>
          days.flatMap((day) =>
            MODELS.map((model) => ({
              accountId,
              projectName,
              day,
              model,
              estimated: money('3.250000'),
              arkFinal: money('1.000000'),
              usageAsOf: now,
              billedSpan: money('0.500000'),
            })),
          ),
        ),
        now,
      );
      await layers.saveErrors(
        tx,
        batch.flatMap((projectName) =>
          MODELS.map((model) => ({
            accountId,
            projectName,
            model,
            estimated: money('10.000000'),
            finalAmount: money('9.500000'),
            lastDay: days[0]!,
            updatedAt: now,
          })),
        ),
      );
    });
  }
  await inTransaction(deps.db, async (tx) => {
    for (const model of MODELS)
      await layers.saveCalibration(tx, {
        accountId,
        model,
        ratio: money('0.950000'),
        estimated: money('100.000000'),
        finalAmount: money('95.000000'),
        lastDay: days[0]!,
        updatedAt: now,
      });
    await layers.upsertBilled(
      tx,
      days.flatMap((day) =>
        MODELS.map((model) => ({
          accountId,
          day,
          model,
          billed: money('50.000000'),
          estimated: money('52.000000'),
          spanUntil: now,
          readAt: now,
        })),
      ),
    );
  });
}

async function seed(deps: Deps): Promise<{ names: string[]; ids: string[]; accountId: string }> {
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
  const ids: string[] = [];
  const withLedger: string[] = [];
  const estimated: string[] = [];
  for (let i = 0; i < SUB_ACCOUNTS; i += 100) {
    await inTransaction(deps.db, async (tx) => {
      for (let j = i; j < i + 100; j++) {
        const userName = `bench-user-${String(j).padStart(4, '0')}`;
        names.push(userName);
        const sub = await deps.repos.subAccounts.insert(tx, { accountId, userName }, now);
        ids.push(sub.id);
        for (const p of ['a', 'b', 'c']) {
          if (j % 2 === 1) estimated.push(`${userName}-${p}`);
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
  await seedEstimates(deps, accountId, estimated);
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
  return { names, ids, accountId };
}

function toLoad(reqs: Req[]): LoadRequest[] {
  return reqs.map((r) => ({ method: 'GET', path: r.path, headers: { authorization: `Bearer ${r.key}` } }));
}

async function measure(
  server: Measured & { url: string },
  reqs: LoadRequest[],
  mode: 'sustained' | 'waves',
): Promise<Measurement> {
  const { result, peakRssMb, cpuMs, dbCpuMs } = await whileMeasuring(server, () =>
    runHttpLoad(server.url, reqs, {
      concurrency: CONCURRENCY,
      mode,
      gapMs: 250,
      warmup: { method: 'GET', path: '/healthz' },
    }),
  );
  return measurement(result, peakRssMb, cpuMs, dbCpuMs);
}

async function main() {
  requireFreshBuild();
  const dbName = `airgate_bench_${Date.now()}`;
  const admin = await createConnection({ uri: MYSQL });
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dbUrl = `${MYSQL.replace(/\/$/, '')}/${dbName}`;
  const db: TestDatabase = { kind: 'mysql', config: { type: 'mysql', url: dbUrl }, drop: async () => {} };
  const sims = await startSims();
  const env = productionEnv(sims, db, { LOG_LEVEL: 'info' });
  const deps = createDeps({ ...loadConfig(env), database: db.config }, { log: createLogger('warn') });
  const profileDir = process.env.BENCH_PROFILE;
  const counter = profileDir ? await startQueryCounter(hostPort(MYSQL)) : undefined;
  const stops: Array<() => Promise<void>> = [];
  let served = 0;
  let bareServed = 0;
  try {
    await initDeps(deps, { migrate: true });
    const t0 = performance.now();
    const { names, ids, accountId } = await seed(deps);
    const keys: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      keys.push((await createApiKey(deps, { actor: cli, name: `bench-${i}`, scopes: ['read'] })).key);
    }
    // (deps stay open: the fourth shape stores the sub-accounts' layers as a cycle does.)
    console.log(
      `Seeded ${SUB_ACCOUNTS} sub-accounts × 3 projects and ${CONCURRENCY} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const serverDbUrl = counter ? `mysql://root@127.0.0.1:${counter.port}/${dbName}` : dbUrl;
    const server = await startCompiledServer(
      { ...env, DATABASE_URL: serverDbUrl },
      profileDir ? { profileDir } : {},
    );
    stops.push(server.stop);
    const bare = await startBareServer(
      ['pk', dbUrl],
      profileDir ? { profileDir: join(profileDir, 'bare') } : {},
    );
    stops.push(bare.stop);
    // Request i goes out on connection slot i % 200 with that client's key; names spread over the 1,000
    // sub-accounts billed alone (even numbers), or over the 1,000 with fresh estimates (odd numbers).
    const billOnly = names.filter((_, j) => j % 2 === 0);
    const withEstimates = names.filter((_, j) => j % 2 === 1);
    const reqs = (n: number, salt: number, among = billOnly): Req[] =>
      Array.from({ length: n }, (_, i) => ({
        path: `/api/v1/subaccounts/${among[(i * 7919 + salt) % among.length]}`,
        key: keys[i % CONCURRENCY]!,
      }));
    const bareReqs = (n: number, salt: number): LoadRequest[] =>
      Array.from({ length: n }, (_, i) => ({
        method: 'GET',
        path: `/bare/${ids[(i * 7919 + salt) % ids.length]}`,
      }));

    const idle = await idleRss(server);
    await runHttpLoad(bare.url, bareReqs(1000, 1), { concurrency: CONCURRENCY, mode: 'sustained' });
    await runHttpLoad(server.url, toLoad(reqs(1000, 1)), { concurrency: CONCURRENCY, mode: 'sustained' });
    await runHttpLoad(server.url, toLoad(reqs(1000, 1, withEstimates)), {
      concurrency: CONCURRENCY,
      mode: 'sustained',
    });
    // The third shape must read the estimates, or it measures the bill-only path twice.
    const sample = (await (
      await fetch(`${server.url}/api/v1/subaccounts/${withEstimates[0]}`, {
        headers: { authorization: `Bearer ${keys[0]}` },
      })
    ).json()) as { estimated?: string; spent?: string };
    if (!sample.estimated || Number(sample.estimated) <= 0)
      throw new Error(
        `the estimated sub-accounts show no estimate: ${JSON.stringify(sample)}\n${server.output().slice(-3000)}`,
      );
    counter?.reset();
    heading(
      `GET /api/v1/subaccounts/{name}, MariaDB, compiled build (node ${process.version}, NODE_OPTIONS="${imageNodeOptions()}"); AirGate idle RSS ${idle.toFixed(0)} MB`,
    );
    warnIfBusy();
    warnIfNotImageNode();
    // What any write of the account's layer rows does to the layers a reader keeps: the counter moves, so each
    // sub-account's next read computes its layers again (src/services/spending/cachedLayers.ts).
    const layersWritten = async () =>
      void (await admin.query(`UPDATE \`${dbName}\`.spending_layer_versions SET version = version + 1`));
    // What a watch cycle does: it writes the rows (the counter moves), then stores each sub-account's layers
    // for its first read (src/services/spending/storeSubLayers.ts), the same function the cycle runs.
    const afterCycle = async () => {
      await layersWritten();
      const t = performance.now();
      const stored = await storeSubAccountLayers(deps, accountId, deps.clock.now());
      console.log(`  (layers of ${stored} sub-accounts stored in ${(performance.now() - t).toFixed(0)} ms)`);
    };
    const shapes: Array<
      [
        mode: 'waves' | 'sustained',
        label: string,
        salt: number,
        among: string[],
        n: number,
        before?: () => Promise<void>,
      ]
    > = [
      ['waves', `waves of ${CONCURRENCY} simultaneous`, 2, billOnly, REQUESTS / 2],
      ['sustained', `${CONCURRENCY} kept in flight`, 3, billOnly, REQUESTS / 2],
      ['sustained', `${CONCURRENCY} kept in flight, fresh estimates`, 4, withEstimates, REQUESTS / 2],
      // Each sub-account read once, right after a cycle: every read takes the layers the cycle stored.
      [
        'sustained',
        `${CONCURRENCY} kept in flight, fresh estimates, first read after a cycle`,
        5,
        withEstimates,
        withEstimates.length,
        afterCycle,
      ],
      // Each read once after a write of the rows no cycle followed yet (a pause's skipped days, or the cycle itself
      // before it reaches the storing): every read computes its layers (the worst case).
      [
        'sustained',
        `${CONCURRENCY} kept in flight, fresh estimates, first read after a write of the rows`,
        6,
        withEstimates,
        withEstimates.length,
        layersWritten,
      ],
    ];
    // BENCH_SHAPES=2,3: only those shapes (1-based), e.g. to compare builds on one of them.
    const only = process.env.BENCH_SHAPES?.split(',').map(Number);
    if (only?.some((n) => !Number.isInteger(n) || n < 1 || n > shapes.length))
      throw new Error(`BENCH_SHAPES: numbers from 1 to ${shapes.length}, comma-separated`);
    for (const [i, [mode, label, salt, among, n, before]] of shapes.entries()) {
      if (only && !only.includes(i + 1)) continue;
      // Rounds alternate which side goes first, so that a drift in the machine's load falls on both.
      const ratios: Array<{ p99: number; rps: number; cpu: number }> = [];
      for (let round = 0; round < ROUNDS; round++) {
        const runBare = () => measure(bare, bareReqs(n, salt + 10 * round), mode);
        const runAirGate = async () => {
          await before?.();
          return measure(server, toLoad(reqs(n, salt + 10 * round, among)), mode);
        };
        const [b, a] =
          round % 2 === 0
            ? [await runBare(), await runAirGate()]
            : await runAirGate().then(async (x) => [await runBare(), x] as const);
        served += a.stats.n;
        bareServed += b.stats.n;
        printRow(`bare PK SELECT, ${label}`, b);
        printRow(`AirGate, ${label}`, a, b);
        ratios.push({
          p99: a.stats.p99 / b.stats.p99,
          rps: a.stats.rps / b.stats.rps,
          cpu: a.cpuMsPerReq / b.cpuMsPerReq,
        });
      }
      const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      console.log(
        `  => ${label}, median of ${ROUNDS} rounds: throughput ×${med(ratios.map((r) => r.rps)).toFixed(2)} (aim ≥ 0.5), ` +
          `p99 ×${med(ratios.map((r) => r.p99)).toFixed(2)}, CPU per request ×${med(ratios.map((r) => r.cpu)).toFixed(2)}`,
      );
    }
    console.log(`  (${loadAverage()}; AirGate idle RSS afterwards ${(await idleRss(server)).toFixed(0)} MB)`);
    if (counter) console.log(`  queries: ${perRequest(counter.counts(), served)}`);
  } finally {
    for (const stop of stops.reverse()) await stop();
    counter?.close();
    if (deps.db.isInitialized) await closeDeps(deps);
    await sims.close();
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
  }
  if (profileDir) {
    console.log(`AirGate's profile (${served} measured requests, besides the warm-up's 2,000):`);
    printProfiles(profileDir);
    console.log(`The bare route's profile (${bareServed} measured requests, besides the warm-up's 1,000):`);
    printProfiles(join(profileDir, 'bare'));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
