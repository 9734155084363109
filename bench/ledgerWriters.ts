/**
 * Allocations per second with 50 concurrent writers on ONE sub-account, beside a raw single-row
 * `UPDATE … SET balance = balance + ?` loop measured in the same run, on MariaDB. Run by hand:
 *
 *   npx tsx bench/ledgerWriters.ts [seconds per phase, default 5]   (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306)
 *
 * Each allocation is the real use case (allocateQuota): the row, spend and thresholds read, the head moved
 * with a compare-and-set, the ledger entry and the audit entry inserted, in a transaction that concurrent
 * allocations to the same sub-account share (group commit: src/services/quota/ledgerWriteQueue.ts); `tx=`
 * says how many transactions a phase used and how long each took. The raw loop is the floor of any
 * design serialised on one row: the same 50 writers and the same pool size (20 connections), autocommit.
 * After a short warm-up of each, phases alternate (raw, allocations; BENCH_ROUNDS times, default 3) to
 * even out a busy machine, and the ratio is printed per round and over all; a last phase with one writer
 * shows the latency of a caller with nobody to share with.
 * "client CPU" is this process's CPU time per write; the database server's CPU time per write is printed
 * beside it when it runs on this machine (found as mariadbd or mysqld; BENCH_DB_PID=<pid> names another). The statements the
 * 50-writer allocation phases sent are counted by kind, with their mean round trip (from the call to the
 * answer, so a wait for a lock or a core is in it). BENCH_PROFILE=<dir> writes a CPU profile of this
 * process for each 50-writer allocation phase and prints its summary. Afterwards the ledger chain is
 * checked (L1) and its sum compared with the writes counted. The writers call the use case in this
 * process (an allocation has no HTTP edge of its own: chat, API and CLI all end here), so the RSS
 * printed is that of this process. Aim: allocations ≥ 0.9× the raw rate. Compiled, as production runs:
 * `npx tsc -p bench/tsconfig.json && node dist/bench/ledgerWriters.js`.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from './lib/cpuProfile.js';
import { databaseCpuMs } from './lib/processes.js';
import { createConnection, createPool } from 'mysql2/promise';
import { loadConfig } from '../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../src/deps.js';
import { withReader } from '../src/db/repos/transaction.js';
import { chainProblems } from '../src/domain/ledger.js';
import { parseAmount } from '../src/services/quota/parseAmount.js';
import { createLogger } from '../src/log/logger.js';
import { allocateQuota } from '../src/services/quota/allocateQuota.js';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const WRITERS = 50;
const POOL = 20;
const SECONDS = Number(process.argv[2] ?? 5);
// Raw and allocation phases alternate this many times: on a shared machine one phase can be starved.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROFILE = process.env.BENCH_PROFILE;
const actor = { kind: 'cli', osUser: 'bench' } as const;

/**
 * `writers` loops calling `write` until the phase ends; returns writes per second, per-write latency and
 * this process's CPU time per write (the client side of the cost).
 */
/**
 * Statements the allocation phases sent, by kind, with their round-trip time (wall, from the call to the
 * answer): wraps the driver's query of every connection (TypeORM's and the raw pool's share it), counted
 * only while `statements.on`.
 */
const statements = { on: false, byKind: new Map<string, { n: number; ms: number }>() };
function countStatements(): void {
  const mysql2 = createRequire(import.meta.url)('mysql2') as {
    Connection: { prototype: { query: (...a: unknown[]) => unknown } };
  };
  const proto = mysql2.Connection.prototype;
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (!statements.on) return query.apply(this, args);
    const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { sql?: string }).sql);
    const kind = statementKind(sql);
    const cb = args.findIndex((a) => typeof a === 'function');
    if (cb < 0) return query.apply(this, args);
    const t0 = performance.now();
    const done = args[cb] as (...r: unknown[]) => void;
    args[cb] = (...r: unknown[]) => {
      const k = statements.byKind.get(kind) ?? { n: 0, ms: 0 };
      k.n++;
      k.ms += performance.now() - t0;
      statements.byKind.set(kind, k);
      done(...r);
    };
    return query.apply(this, args);
  };
}
// Kinds are looked up by the statement's first characters: a 50-row INSERT is tens of kilobytes.
const kinds = new Map<string, string>();
function statementKind(sql: string): string {
  const key = sql.length > 4000 ? sql.slice(0, 200) : sql;
  let kind = kinds.get(key);
  if (kind === undefined) kinds.set(key, (kind = kindOf(key)));
  return kind;
}
function kindOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = s.split(' ')[0]!.toUpperCase();
  const table = /(?:FROM|INTO|UPDATE)\s+[`"]?(\w+)/i.exec(s)?.[1] ?? '';
  return `${verb} ${table}${/FOR UPDATE/i.test(s) ? ' FOR UPDATE' : ''}`.trim();
}

/** The local database server's CPU time so far (bench/lib/processes.ts), 0 when it is not found. */
function serverCpuMs(): number {
  const ms = databaseCpuMs();
  return Number.isNaN(ms) ? 0 : ms;
}
const rssMb = () => process.memoryUsage.rss() / 1024 / 1024;
let peakRssMb = 0;

async function phase(write: (n: number) => Promise<void>, writers = WRITERS, seconds = SECONDS) {
  const ms: number[] = [];
  let n = 0;
  const rss = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb())), 50);
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const srv0 = serverCpuMs();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < until) {
        const s = performance.now();
        await write(n++);
        ms.push(performance.now() - s);
      }
    }),
  );
  clearInterval(rss);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  const cpuUsPerWrite = (cpu.user + cpu.system) / Math.max(1, ms.length);
  const srvUsPerWrite = ((serverCpuMs() - srv0) * 1000) / Math.max(1, ms.length);
  return {
    count: ms.length,
    rate: ms.length / secs,
    p50: q(0.5),
    p99: q(0.99),
    cpuUsPerWrite,
    srvUsPerWrite,
  };
}

async function main() {
  countStatements();
  const dbName = `airgate_bench_${Date.now()}`;
  const admin = await createConnection({ uri: MYSQL });
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = `${MYSQL.replace(/\/$/, '')}/${dbName}`;
  const deps: Deps = createDeps(
    { ...loadConfig({}), database: { type: 'mysql', url } },
    { log: createLogger('warn') },
  );
  const raw = createPool({ uri: url, connectionLimit: POOL });
  try {
    await initDeps(deps, { migrate: true });
    const [vars] = await raw.query(
      'SELECT @@version AS v, @@innodb_flush_log_at_trx_commit AS f, @@tx_isolation AS i',
    );
    const v = (vars as Array<{ v: string; f: number; i: string }>)[0]!;
    const now = deps.clock.now();
    const accountId = randomUUID();
    const sub = await withReader(deps.db, async (m) => {
      await deps.repos.accounts.insert(m, {
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
      });
      const s = await deps.repos.subAccounts.insert(m, { accountId, userName: 'hot' }, now);
      const p = await deps.repos.projects.insert(
        m,
        {
          subAccountId: s.id,
          accountId,
          projectName: 'hot-web',
          countsFrom: '2026-05-01',
          attachedPolicies: [],
        },
        now,
      );
      await deps.repos.projects.updateSpent(m, p.id, parseAmount('12.34'), now);
      return s;
    });
    await raw.query(
      'CREATE TABLE bench_balance (id INT PRIMARY KEY, balance DECIMAL(20,6) NOT NULL) ENGINE=InnoDB',
    );
    await raw.query('INSERT INTO bench_balance VALUES (1, 0)');

    const amount = parseAmount('1.25');
    const allocate = (n: number) =>
      allocateQuota(deps, {
        actor,
        subAccountId: sub.id,
        amount,
        note: 'bench',
        requestId: `bench-${n}`,
      }).then(() => undefined);
    let rawN = 0;
    const update = async () => {
      rawN++;
      await raw.query('UPDATE bench_balance SET balance = balance + ? WHERE id = 1', ['1.25']);
    };
    // Counts the transactions the allocations used (instrumentation only: the call is passed through).
    let transactions = 0;
    let txMs = 0;
    const openTransaction = deps.db.transaction.bind(deps.db) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(deps.db, {
      transaction: (...args: unknown[]) => {
        transactions++;
        const t0 = performance.now();
        return openTransaction(...args).finally(() => (txMs += performance.now() - t0));
      },
    });
    // BENCH_PROFILE=<dir>: a CPU profile of this process during each 50-writer allocation phase.
    const profiles: string[] = [];
    const profiler = PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    const allocOffset = { n: 0 };
    const allocating = (n: number) => allocate(allocOffset.n + n);

    const idleRssMb = rssMb();
    console.log(
      `${WRITERS} writers on one row, pool ${POOL}, ${SECONDS} s per phase; ${v.v}, innodb_flush_log_at_trx_commit=${v.f}, ${v.i}`,
    );
    type Row = { kind: string; r: Awaited<ReturnType<typeof phase>>; tx?: number; txMs?: number };
    const results: Row[] = [];
    const allocPhase = async (kind: string, writers = WRITERS, seconds = SECONDS) => {
      const tx0 = transactions;
      const ms0 = txMs;
      statements.on = writers === WRITERS;
      if (statements.on && profiler) await profiler.post('Profiler.start');
      const r = await phase(allocating, writers, seconds);
      if (statements.on && profiler && PROFILE) {
        const { profile } = await profiler.post('Profiler.stop');
        mkdirSync(PROFILE, { recursive: true });
        const file = join(PROFILE, `ledgerWriters-${results.length}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        profiles.push(file);
      }
      statements.on = false;
      allocOffset.n += r.count;
      results.push({ kind, r, tx: transactions - tx0, txMs: txMs - ms0 });
    };
    // Warm-up of both paths (connections, JIT, buffer pool), not reported.
    await phase(update, WRITERS, Math.min(SECONDS, 2));
    allocOffset.n += (await phase(allocating, WRITERS, Math.min(SECONDS, 2))).count;
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const r = await phase(update);
      results.push({ kind: 'raw UPDATE balance = balance + ?', r });
      await allocPhase('allocateQuota (ledger + audit)');
      ratios.push(results.at(-1)!.r.rate / r.rate);
    }
    // A lone writer: what group commit costs a caller with nobody to share a transaction with.
    await allocPhase('allocateQuota, 1 writer', 1, Math.min(SECONDS, 2));
    for (const { kind, r, tx, txMs: inTx } of results) {
      const batches =
        tx === undefined
          ? ''
          : ` tx=${tx} (${(r.count / Math.max(1, tx)).toFixed(1)} writes each, ${((inTx ?? 0) / Math.max(1, tx)).toFixed(2)} ms each)`;
      console.log(
        `  ${kind.padEnd(34)} ${r.rate.toFixed(0).padStart(6)} /s  n=${r.count} p50=${r.p50.toFixed(1)}ms p99=${r.p99.toFixed(1)}ms client CPU ${r.cpuUsPerWrite.toFixed(0)} µs/write server ${r.srvUsPerWrite.toFixed(0)} µs/write${batches}`,
      );
    }
    const allocTx = results
      .filter((x) => x.kind.startsWith('allocateQuota ('))
      .reduce((a, x) => a + (x.tx ?? 0), 0);
    const allocN = results
      .filter((x) => x.kind.startsWith('allocateQuota ('))
      .reduce((a, x) => a + x.r.count, 0);
    console.log(`  statements of the ${WRITERS}-writer allocation phases, per transaction (round trip, ms):`);
    for (const [kind, k] of [...statements.byKind].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(
        `    ${kind.padEnd(36)} ${(k.n / Math.max(1, allocTx)).toFixed(2).padStart(6)} × ${(k.ms / Math.max(1, k.n)).toFixed(3)} ms`,
      );
    }
    const stmtCount = [...statements.byKind.values()].reduce((a, k) => a + k.n, 0);
    console.log(
      `    ${(stmtCount / Math.max(1, allocTx)).toFixed(1)} statements per transaction, ${(stmtCount / Math.max(1, allocN)).toFixed(3)} per allocation, ${(allocTx / Math.max(1, allocN)).toFixed(3)} transactions per allocation`,
    );
    const mean = (k: string) =>
      results.filter((x) => x.kind.startsWith(k)).reduce((a, x) => a + x.r.rate, 0) / ROUNDS;
    const ratio = mean('allocateQuota (') / mean('raw');
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(
      `  allocations / raw = ${ratio.toFixed(2)} over all rounds, per round ${ratios.map((r) => r.toFixed(2)).join(' ')}, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} (aim ≥ 0.90); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    for (const file of profiles) console.log(summarize(file, 30));
    // The writes counted must be exactly the ledger, and the chain consistent (L1).
    const chain = await withReader(deps.db, (m) => deps.repos.ledger.chain(m, sub.id));
    const head = await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, sub.id));
    const problems = chainProblems(chain, head!.balance);
    const expected = amount.times(allocOffset.n);
    console.log(
      `  ledger: ${chain.length} entries (counted ${allocOffset.n}), balance ${head!.balance.toFixed(2)} (expected ${expected.toFixed(2)}), chain problems: ${problems.length}`,
    );
    console.log(
      `  this process (the writers and AirGate's ledger code): RSS ${idleRssMb.toFixed(0)} MB idle, ≤ ${peakRssMb.toFixed(0)} MB under load`,
    );
    const [[row]] = (await raw.query('SELECT balance FROM bench_balance WHERE id = 1')) as unknown as [
      [{ balance: string }],
    ];
    console.log(`  raw row: ${rawN} updates, balance ${row.balance}`);
    if (problems.length > 0 || chain.length !== allocOffset.n || !head!.balance.eq(expected))
      process.exitCode = 1;
  } finally {
    await raw.end();
    await closeDeps(deps);
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
