/**
 * The billed layer's cost at scale (issue 14): one main account, N sub-accounts × 3 projects (default 2,000),
 * one sub-account in ten running Ark on its first project — an endpoint per model (2 or 3 chat models) and an
 * "all resources" key calling each — beside the bill burns every project has (as bench/watchCycle.ts). The
 * Volcengine simulator runs in its own process with 50 ms latency and its documented limits (bill APIs 5/s per
 * account, usage actions 2/s, unverified); its Ark lags are the defaults (usage 5–30 min, bill detail 5–10
 * min, split bill 1–2 days). AirGate's real `runSpendingCheck` runs every 10 minutes from 12:45 to 13:45
 * (Asia/Shanghai) on day 3 and on day 28, so the hourly bill-detail read falls in the first and the last
 * cycle; the traffic starts the evening before (20:00), so yesterday is an open day with Ark usage too.
 *
 * SCALED TRAFFIC: the simulator evaluates every Ark call; 60 calls/min per endpoint for 17 hours would be
 * ~30 M simulated calls. Each endpoint therefore makes 1 call/min with 5,000 prompt tokens: every 5-minute
 * window still has a row per endpoint and charge item (what the bill detail's size depends on), the money
 * is in the same range, and usage rows per hour are the same.
 *
 * Per cycle: calls by action at the simulator, throttled retries, wall time, peak RSS, load; and the bill
 * detail's size (5-minute Ark rows of today and yesterday, pages of 300) with what the layer did (read, or a
 * day over its 4-page budget left to the estimate: `billedError`).
 *
 *   npx tsx bench/billedRead.ts            # 2,000 sub-accounts, day 3 and day 28
 *   npx tsx bench/billedRead.ts 200        # another size
 *   BENCH_DAY=28 npx tsx bench/billedRead.ts
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadConfig } from '../src/config/loadConfig.js';
import { demoVolcCredentials } from '../src/config/demoCredentials.js';
import { closeDeps, createDeps, initDeps } from '../src/deps.js';
import { inTransaction } from '../src/db/repos/transaction.js';
import { createLogger } from '../src/log/logger.js';
import { startVolcSim } from '../src/sim/volc/server.js';
import { runSpendingCheck } from '../src/services/watch/runSpendingCheck.js';
import { billDay } from '../src/domain/billingPeriod.js';
import { ARK_BILL_PRODUCTS } from '../src/volc/actions/ark.js';
import { BILL_PAGE_LIMIT } from '../src/volc/actions/billing.js';
import { intLike } from '../src/volc/actions/common.js';
import { volcRequest } from '../src/volc/catalog.js';
import { VolcClient } from '../src/volc/client.js';
import {
  benchNames,
  MONTH_START,
  PROJECTS_PER_SUB,
  simAdmin,
  spentBy,
  splitBillSeed,
} from './lib/benchWorld.js';
import { imageNodeOptions, loadAverage, startSimChild } from './lib/processes.js';

const DAYS = (process.env.BENCH_DAY ?? '3,28').split(',').map(Number);
const HOUR = 3_600_000;
/** `day` of the month at `hour` (may be fractional or negative) Asia/Shanghai */
const at = (day: number, hour: number) =>
  new Date(MONTH_START.getTime() + (day - 1) * 86_400_000 + hour * HOUR);
const TRAFFIC_FROM = -4; // 20:00 the evening before
const FIRST_CYCLE = 12.75; // 12:45
const CYCLES = 7; // 12:45 … 13:45, every 10 minutes
const ARK_EVERY = 10; // one sub-account in ten runs Ark
const MODELS = ['doubao-seed-1-6-250615', 'doubao-1-5-pro-32k-250115', 'doubao-1-5-lite-32k-250115'];
const ACTIONS = ['ListSplitBillDetail', 'ListBillDetail', 'GetInferenceUsage', 'ListModelChargeItems'];
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];

const [mode, arg, dayArg] = process.argv.slice(2);
if (mode === 'sim') await simProcess(Number(arg), Number(dayArg));
else if (mode === 'run') await runProcess(Number(arg), Number(dayArg), process.argv[5]!);
else for (const day of DAYS) await measure(mode ? Number(mode) : 2000, day);

async function measure(n: number, day: number): Promise<void> {
  const { sim, url } = await startSimChild(self, ['sim', String(n), String(day)]);
  const nodeOptions = process.env.NODE_OPTIONS ?? imageNodeOptions();
  const run = spawn(process.execPath, [...loader, self, 'run', String(n), String(day), url], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  await new Promise<void>((resolve) => run.on('exit', () => resolve()));
  sim.kill('SIGTERM');
}

async function simProcess(n: number, day: number): Promise<void> {
  const users = benchNames(n);
  const start = at(day, TRAFFIC_FROM);
  const sim = await startVolcSim({
    rngSeed: 1,
    credentials: { ...demoVolcCredentials },
    clock: { mode: 'virtual', start },
    seed: splitBillSeed(users),
  });
  let endpoints = 0;
  for (const [i, u] of users.entries()) {
    if (i % ARK_EVERY !== 0) continue;
    const project = `${u}-p0`;
    const key = sim.ark.createKey({ project, name: `${u}-key` });
    for (const model of MODELS.slice(0, 2 + (i % 2))) {
      const ep = sim.ark.createEndpoint({ project, model });
      sim.ark.addTraffic({
        apiKey: key.apiKey,
        target: String(ep['Id']),
        callsPerMinute: 1,
        promptTokens: 5000,
        completionTokens: 500,
        label: `${u}-${model}`,
      });
      endpoints++;
    }
  }
  sim.setFaults({ latencyMs: 50 });
  process.stderr.write(`(simulator: ${endpoints} Ark endpoints in ${Math.ceil(n / ARK_EVERY)} projects)\n`);
  process.stdout.write(`URL ${sim.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await sim.close();
}

/** The bill detail's 5-minute Ark rows of a day as AirGate's read sees them (one call, Limit 1, not counted). */
async function detailRows(client: VolcClient, day: string): Promise<number> {
  const r = await client.call(
    volcRequest('ListBillDetail', {
      BillPeriod: day.slice(0, 7),
      GroupPeriod: 2,
      GroupTerm: 0,
      ExpenseDate: day,
      Product: [...ARK_BILL_PRODUCTS],
      IgnoreZero: 1,
      NeedRecordNum: 1,
      Limit: 1,
      Offset: 0,
    }),
    z.object({ Total: intLike }),
  );
  return r.Total;
}

async function runProcess(n: number, day: number, url: string): Promise<void> {
  let now = at(day, FIRST_CYCLE);
  const dir = mkdtempSync(join(tmpdir(), 'airgate-bench-'));
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`,
    VOLC_ACCESS_KEY_ID: demoVolcCredentials.accessKeyId,
    VOLC_SECRET_ACCESS_KEY: demoVolcCredentials.secretAccessKey,
    VOLC_ENDPOINT: url,
    FEISHU_APP_ID: '',
    FEISHU_APP_SECRET: '',
  });
  const deps = createDeps(config, { log: createLogger('warn'), clock: { now: () => now } });
  await initDeps(deps, { migrate: true });
  const account = (await deps.repos.accounts.findEnv(deps.db.manager))!;
  await inTransaction(deps.db, async (tx) => {
    for (const [i, userName] of benchNames(n).entries()) {
      const sub = await deps.repos.subAccounts.insert(tx, { accountId: account.id, userName }, now);
      for (let p = 0; p < PROJECTS_PER_SUB; p++)
        await deps.repos.projects.insert(
          tx,
          {
            subAccountId: sub.id,
            accountId: account.id,
            projectName: `${userName}-p${p}`,
            countsFrom: '2026-05-01',
            attachedPolicies: [],
          },
          now,
        );
      // Quotas well above the spend (Ark users' by more): the cycle measured is reading, not disabling.
      const quota = spentBy(i, now)
        .times(3)
        .plus(i % ARK_EVERY === 0 ? 2000 : 0)
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
        now,
      );
      await deps.repos.subAccounts.setChainHead(tx, sub.id, { lastSeq: 1, balance: quota }, {}, now);
    }
  });
  const probe = new VolcClient({ credentials: { ...demoVolcCredentials }, endpoint: url });
  process.stdout.write(
    `${n} sub-accounts × ${PROJECTS_PER_SUB} projects, day ${day}, Ark in one sub-account in ${ARK_EVERY} (scaled traffic, see the header):\n`,
  );
  let simNow = at(day, TRAFFIC_FROM);
  for (let c = 0; c < CYCLES; c++) {
    now = at(day, FIRST_CYCLE + (c * 10) / 60);
    await simAdmin(url, '/__sim/clock/advance', 'POST', { ms: now.getTime() - simNow.getTime() });
    simNow = now;
    // The simulator evaluates the traffic up to now before the cycle, so the cycle's wall time is AirGate's.
    const t0 = Date.now();
    await simAdmin(url, '/__sim/ark/spend', 'GET');
    const trafficS = (Date.now() - t0) / 1000;
    await simAdmin(url, '/__sim/calls/reset', 'POST');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    const r = await runSpendingCheck(deps, { trigger: 'bench' });
    clearInterval(sampler);
    const calls = (await simAdmin(url, '/__sim/calls', 'GET')) as {
      total: number;
      byAction: Record<string, number>;
      throttled?: Record<string, number>;
    };
    if (!r.ran) throw new Error('busy');
    const a = r.summary.accounts[0]!;
    const today = billDay(now);
    const yesterday = billDay(new Date(now.getTime() - 86_400_000));
    const rowsToday = await detailRows(probe, today);
    const rowsYesterday = await detailRows(probe, yesterday);
    const pages = (rows: number) => Math.max(1, Math.ceil(rows / BILL_PAGE_LIMIT));
    const by = ACTIONS.map((k) => `${k} ${calls.byAction[k] ?? 0}`).join(', ');
    const counted = ACTIONS.reduce((s, k) => s + (calls.byAction[k] ?? 0), 0);
    const throttled = Object.values(calls.throttled ?? {}).reduce((s, v) => s + v, 0);
    const hhmm = new Date(now.getTime() + 8 * HOUR).toISOString().slice(11, 16);
    process.stdout.write(
      `  cycle ${c + 1} at ${hhmm} (${loadAverage()}): billing+usage calls ${counted} (${by}; ` +
        `all calls ${calls.total}, throttled ${throttled}: ${JSON.stringify(calls.throttled ?? {})})\n` +
        `    wall ${(r.durationMs / 1000).toFixed(1)} s, peak RSS ${mb(peak)} MB (${mb(before)} before); ` +
        `simulating the traffic before it ${trafficS.toFixed(1)} s\n` +
        `    bill detail 5-minute Ark rows: ${today} ${rowsToday} (${pages(rowsToday)} pages), ` +
        `${yesterday} ${rowsYesterday} (${pages(rowsYesterday)} pages); ` +
        `billed-layer pages read ${calls.byAction['ListBillDetail'] ?? 0}` +
        `${a.billedError ? `; left to the estimate: ${a.billedError}` : ''}` +
        `${a.freshError ? `; estimate left out: ${a.freshError}` : ''}` +
        `; bill complete ${a.complete}${a.error ? ` (${a.error})` : ''}\n`,
    );
  }
  await closeDeps(deps);
  rmSync(dir, { recursive: true, force: true });
}
