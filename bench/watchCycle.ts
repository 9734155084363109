/**
 * One spending-watch cycle at scale: N sub-accounts × 3 projects each, the Volcengine simulator (in its
 * own process, so AirGate's memory is measured alone) answering with 50 ms latency and its documented
 * limits (all bill APIs together 5 requests/s per account; the usage actions 2/s, unverified). Runs
 * AirGate's real `runSpendingCheck` with its production tuning, on day 3 and day 28 of the month, at 200 and
 * 2,000 sub-accounts: Volcengine calls per cycle counted at the simulator and split by action (bill, usage,
 * other, and how many were throttled), cycle wall time and peak RSS, for a first cycle (every bill day new)
 * and a second one (steady state), with the machine's load average. AIRGATE_SPENDING_FRESH=off in the
 * environment measures the old spending path (where the switch exists).
 *
 * The measured process runs with the image's NODE_OPTIONS (its heap cap, Dockerfile) unless NODE_OPTIONS is
 * set. Compiled, as production runs (README "Performance"):
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/watchCycle.js 2000
 *
 * From source:
 *
 *   npx tsx bench/watchCycle.ts                 # both sizes, day 3 and day 28
 *   npx tsx bench/watchCycle.ts 2000            # one size
 *   BENCH_DAY=28 npx tsx bench/watchCycle.ts    # one day of the month
 *   BENCH_CYCLES=1 npx tsx bench/watchCycle.ts  # the first cycle only
 *   BENCH_HISTORY=0 npx tsx bench/watchCycle.ts  # without the stored days of the month's earlier cycles
 *   BENCH_PROFILE=/tmp/prof npx tsx bench/watchCycle.ts 2000   # AirGate's process under --cpu-prof, summarised
 *   BENCH_REST_READS=1 npx tsx bench/watchCycle.ts 2000  # every sub-account also read over REST before each cycle
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/airgate_bench npx tsx bench/watchCycle.ts   # an empty MySQL database
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/loadConfig.js';
import { demoVolcCredentials } from '../src/config/demoCredentials.js';
import { buildApp } from '../src/app.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../src/deps.js';
import { createApiKey } from '../src/services/apiKeys/createApiKey.js';
import { DEFAULT_RATE_LIMIT } from '../src/api/rateLimit.js';
import { inTransaction } from '../src/db/repos/transaction.js';
import type { DaySpending } from '../src/db/repos/spending.js';
import { createLogger } from '../src/log/logger.js';
import { startVolcSim } from '../src/sim/volc/server.js';
import { runSpendingCheck } from '../src/services/watch/runSpendingCheck.js';
import { printProfiles } from './lib/cpuProfile.js';
import {
  benchNames,
  burnPerHour,
  MONTH_START,
  PROJECTS_PER_SUB,
  simAdmin,
  spentBy,
  splitBillSeed,
} from './lib/benchWorld.js';
import { imageNodeOptions, loadAverage, startSimChild } from './lib/processes.js';

const DAYS = (process.env.BENCH_DAY ?? '3,28').split(',').map(Number);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 2);
const nowOn = (day: number) => new Date(MONTH_START.getTime() + (day - 1) * 86_400_000 + 12 * 3_600_000);
const USAGE_ACTIONS = new Set([
  'GetUsage',
  'GetInferenceUsage',
  'ListModelChargeItems',
  'GetModelChargeItem',
]);
const BILL_ACTIONS = new Set([
  'ListBillDetail',
  'ListSplitBillDetail',
  'ListBill',
  'ListBillOverviewByProd',
  'QueryBalanceAcct',
]);
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
// From source through tsx, or compiled (node dist/bench/watchCycle.js).
const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];

const [mode, arg, dayArg] = process.argv.slice(2);
if (mode === 'sim') await simProcess(Number(arg), Number(dayArg));
else if (mode === 'seed') await seedProcess(Number(arg), Number(dayArg), process.argv[5]!, process.argv[6]!);
else if (mode === 'run') await runProcess(Number(arg), Number(dayArg), process.argv[5]!, process.argv[6]!);
else for (const day of DAYS) for (const n of mode ? [Number(mode)] : [200, 2000]) await measure(n, day);

/** Orchestrates one size on one day: the simulator in one child process, AirGate in another. */
async function measure(n: number, day: number): Promise<void> {
  const { sim, url } = await startSimChild(self, ['sim', String(n), String(day)]);
  const nodeOptions = process.env.NODE_OPTIONS ?? imageNodeOptions();
  console.log(`(${self.endsWith('.ts') ? 'from source' : 'compiled'}, NODE_OPTIONS="${nodeOptions}")`);
  const profileDir = process.env.BENCH_PROFILE;
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  // The database is filled by a process of its own: the measured one starts as the server does, from a
  // database that already holds the sub-accounts (not after inserting 6,000 rows itself).
  const dir = mkdtempSync(join(tmpdir(), 'airgate-bench-'));
  const db = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`;
  const child = (what: string, flags: string[]) => {
    const c = spawn(process.execPath, [...flags, ...loader, self, what, String(n), String(day), url, db], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
    });
    return new Promise<void>((resolve) => c.on('exit', () => resolve()));
  };
  await child('seed', []);
  await child('run', prof);
  sim.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  if (profileDir) printProfiles(profileDir);
}

async function simProcess(n: number, day: number): Promise<void> {
  const users = benchNames(n);
  const sim = await startVolcSim({
    rngSeed: 1,
    credentials: { ...demoVolcCredentials },
    clock: { mode: 'virtual', start: nowOn(day) },
    seed: splitBillSeed(users),
  });
  // the simulator's own per-account limits stay at their defaults (bill APIs 5/s, usage actions 2/s)
  sim.setFaults({ latencyMs: 50 });
  process.stdout.write(`URL ${sim.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await sim.close();
}

function benchDeps(day: number, url: string, db: string) {
  const NOW = nowOn(day);
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: db,
    VOLC_ACCESS_KEY_ID: demoVolcCredentials.accessKeyId,
    VOLC_SECRET_ACCESS_KEY: demoVolcCredentials.secretAccessKey,
    VOLC_ENDPOINT: url,
    FEISHU_APP_ID: '',
    FEISHU_APP_SECRET: '',
  });
  return createDeps(config, { log: createLogger('warn'), clock: { now: () => NOW } });
}

async function seedProcess(n: number, day: number, url: string, db: string): Promise<void> {
  const NOW = nowOn(day);
  const deps = benchDeps(day, url, db);
  await initDeps(deps, { migrate: true });
  const account = (await deps.repos.accounts.findEnv(deps.db.manager))!;
  await inTransaction(deps.db, async (tx) => {
    for (const [i, userName] of benchNames(n).entries()) {
      const sub = await deps.repos.subAccounts.insert(tx, { accountId: account.id, userName }, NOW);
      for (let p = 0; p < PROJECTS_PER_SUB; p++) {
        await deps.repos.projects.insert(
          tx,
          {
            subAccountId: sub.id,
            accountId: account.id,
            projectName: `${userName}-p${p}`,
            countsFrom: '2026-05-01',
            attachedPolicies: [],
          },
          NOW,
        );
      }
      // Quotas above the spend (the cycle is the billing sweep, not IAM calls); one in 50 at about 60 %.
      const quota = spentBy(i, NOW)
        .times(i % 50 === 0 ? '1.6' : 3)
        .ceil();
      await deps.repos.ledger.append(
        tx,
        {
          subAccountId: sub.id,
          seq: 1,
          amount: quota,
          balanceAfter: quota,
          operator: 'bench',
          source: 'cli',
          note: '',
          requestId: randomUUID(),
          quotaRequestId: null,
          reversesEntryId: null,
        },
        NOW,
      );
      await deps.repos.subAccounts.setChainHead(tx, sub.id, { lastSeq: 1, balance: quota }, {}, NOW);
    }
  });
  // What the cycles of the month so far left in the database: a figure per project and closed day (the
  // noise-free rate, close to the bill's), so the measured cycle reads and compares a month of stored days.
  if (process.env.BENCH_HISTORY !== '0') {
    const days: DaySpending[] = [];
    for (const [i, userName] of benchNames(n).entries())
      for (let p = 0; p < PROJECTS_PER_SUB; p++)
        for (let d = 1; d < day; d++)
          days.push({
            accountId: account.id,
            projectName: `${userName}-p${p}`,
            day: `2026-05-${String(d).padStart(2, '0')}`,
            amount: burnPerHour(i).times(24),
          });
    for (let k = 0; k < days.length; k += 5000)
      await inTransaction(deps.db, (tx) => deps.repos.spending.upsertDays(tx, days.slice(k, k + 5000), NOW));
    process.stdout.write(`(${days.length} stored bill days, as the month's earlier cycles leave them)\n`);
  }
  await closeDeps(deps);
}

async function runProcess(n: number, day: number, url: string, db: string): Promise<void> {
  const deps = benchDeps(day, url, db);
  await initDeps(deps, { migrate: true });
  const labels = ['first cycle (every bill day new)', 'second cycle (steady state)'].slice(0, CYCLES);
  const rest = process.env.BENCH_REST_READS === '1' ? await restReader(deps, n, labels.length) : undefined;
  for (const label of labels) {
    await rest?.readEveryone();
    await simAdmin(url, '/__sim/calls/reset', 'POST');
    const before = process.memoryUsage();
    let peak = before.rss;
    let heap = before.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      heap = Math.max(heap, m.heapUsed);
    }, 25);
    // AirGate's production tuning (5 requests/s to the bill APIs), through its real cycle
    const r = await runSpendingCheck(deps, { trigger: 'bench' });
    clearInterval(sampler);
    const calls = (await simAdmin(url, '/__sim/calls', 'GET')) as {
      total: number;
      byAction: Record<string, number>;
      throttled?: Record<string, number>;
    };
    if (!r.ran) throw new Error('busy');
    const a = r.summary.accounts[0]!;
    const count = (pick: (action: string) => boolean) =>
      Object.entries(calls.byAction)
        .filter(([k]) => pick(k))
        .reduce((s, [, v]) => s + v, 0);
    const bill = count((k) => BILL_ACTIONS.has(k));
    const usage = count((k) => USAGE_ACTIONS.has(k));
    const throttled = Object.values(calls.throttled ?? {}).reduce((s, v) => s + v, 0);
    process.stdout.write(
      `${n} sub-accounts × ${PROJECTS_PER_SUB} projects, day ${day} of the month, ${label} (${loadAverage()}):\n` +
        `  bill + usage calls ${bill + usage} (bill ${bill}, usage ${usage}, other ${calls.total - bill - usage}` +
        `, of them throttled ${throttled}): ${JSON.stringify(calls.byAction)}; ${a.rows} bill rows` +
        ` (complete: ${a.complete}${a.error ? `, ${a.error}` : ''})\n` +
        `  cycle wall time ${(r.durationMs / 1000).toFixed(1)} s, peak RSS ${mb(peak)} MB (${mb(before.rss)} MB before the cycle),` +
        ` peak heap ${mb(heap)} MB; alerts ${JSON.stringify(r.summary.alerts)}\n` +
        `  phases (s): ${Object.entries(r.summary.phasesMs)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
          .join(', ')}\n`,
    );
  }
  rest?.close();
  await closeDeps(deps);
}

/**
 * BENCH_REST_READS=1: before each cycle, every sub-account is read once over REST
 * (GET /api/v1/subaccounts/{name}) by the process that runs the cycle, as in the image, where one process
 * serves the API and runs the cycle: what the REST read keeps between reads (its parsed views and answers,
 * the layers) is then in the RSS the cycle is measured at. 16 requests in flight, over enough read keys that
 * none goes over its burst in all the passes together (the bench's clock stands still, so no bucket refills);
 * the keys and the listener are made once. A pass with any answer but 200 stops the bench: it would not
 * measure what it says.
 */
async function restReader(deps: Deps, n: number, passes: number) {
  const keys: string[] = [];
  const needed = Math.max(20, Math.ceil((n * passes) / DEFAULT_RATE_LIMIT.burst));
  for (let i = 0; i < needed; i++)
    keys.push(
      (
        await createApiKey(deps, {
          actor: { kind: 'cli', osUser: 'bench' },
          name: `bench-reads-${randomUUID().slice(0, 8)}`,
          scopes: ['read'],
        })
      ).key,
    );
  const server = createServer(buildApp(deps).callback()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const names = benchNames(n);
  const get = (name: string, key: string) =>
    new Promise<number>((resolve, reject) =>
      request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/v1/subaccounts/${name}`,
          agent,
          headers: { authorization: `Bearer ${key}` },
        },
        (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
      )
        .on('error', reject)
        .end(),
    );
  return {
    async readEveryone(): Promise<void> {
      const statuses: Record<string, number> = {};
      const t = performance.now();
      for (let i = 0; i < names.length; i += 16) {
        const batch = names.slice(i, i + 16).map((name, j) => get(name, keys[(i + j) % keys.length]!));
        for (const status of await Promise.all(batch)) statuses[status] = (statuses[status] ?? 0) + 1;
      }
      process.stdout.write(
        `(every sub-account read over REST by this process before the cycle: ${JSON.stringify(statuses)} in ` +
          `${((performance.now() - t) / 1000).toFixed(1)} s; RSS ${mb(process.memoryUsage().rss)} MB)\n`,
      );
      if (statuses[200] !== names.length)
        throw new Error(`REST reads not all answered 200: ${JSON.stringify(statuses)}`);
    },
    close(): void {
      agent.destroy();
      server.close();
    },
  };
}
