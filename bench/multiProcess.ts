/**
 * Two server processes and one scheduler on one MariaDB under a load of messages and clicks, run by hand:
 * `npx tsx bench/multiProcess.ts` (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306; a database of its
 * own is created and dropped).
 *
 * A round-robin proxy stands for the load balancer in front of `airgate serve --no-scheduler` ×2; a third
 * process runs `airgate scheduler`, with the check interval at one minute. Load: allocations typed by an
 * admin, quota requests by a lead, and each request card's Approve pressed twice at once by two approvers
 * (the two clicks usually land on different servers), 16 requests in flight in each phase, as in the baseline
 * (BENCH_CLICK_CARDS). Checked afterwards: every message answered exactly
 * once, every allocation written exactly once (no loss, no double), each request allocated once, each
 * alert card posted once, cycles never overlapping, every ledger chain intact.
 *
 * Every AirGate process runs the compiled build as the image does (`node dist/src/cli/main.js`,
 * NODE_ENV=production, the image's NODE_OPTIONS): `npm run build` first. The load comes from this process
 * (the simulator pushing signed events through the balancer, bench/lib/roundRobin.mjs, which runs in a
 * process of its own and times each answer). Printed beside the figures: the load
 * average, and each server's idle RSS and peak RSS under the load. Aim: ack p99 ≤ 150 ms.
 *
 * BENCH_ROUNDS=<n> (default 1): n runs, each on a fresh database and fresh processes, then the medians.
 *
 * BENCH_PROFILE=<dir>: each server runs under --cpu-prof and writes its profile there when it stops
 * (`npx tsx bench/profileSummary.ts <file>`).
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { SayResult, SimMessage } from '../src/sim/feishu/server.js';
import { metric, productionEnv, run, startSims, type Child } from '../test/ops/support.js';
import type { TestDatabase } from '../test/support/databases.js';
import {
  ALERTS,
  airgate,
  approveValue,
  benchDatabase,
  count,
  pool,
  rows,
  seed,
  settle,
  team,
  until,
  who,
} from './lib/approvals.js';
import { runHttpLoad } from './lib/httpLoad.js';
import {
  ROOT,
  cpuMs,
  databaseCpuMs,
  loadAverage,
  requireFreshBuild,
  startBareServer,
  warnIfNotImageNode,
} from './lib/processes.js';

const SUBS = Number(process.env.BENCH_SUBACCOUNTS ?? 12);
const ALLOCATIONS = Number(process.env.BENCH_ALLOCATIONS ?? 240);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
/** Requests in flight: the baseline's, the messages', and the clicks' (two per card) unless told otherwise. */
const CONCURRENCY = 16;
/**
 * Cards whose Approve is being pressed at once (two clicks each): CONCURRENCY / 2, so the click phase keeps
 * as many requests in flight as the baseline it is compared with. BENCH_CLICK_CARDS=16 gives the shape of
 * the rounds before 2026-12-07 14:00 UTC (32 clicks in flight against a baseline of 16).
 */
const CLICK_CARDS = Number(process.env.BENCH_CLICK_CARDS ?? CONCURRENCY / 2);

/** The process's resident memory; NaN once it has exited (its stderr is then printed at the end). */
function rssMb(c: Child): number {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${c.proc.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The baseline, measured in the same run before AirGate starts: two bare Koa routes that read and parse
 * the body (bench/lib/bareServer.mjs echo) behind the same balancer process, CONCURRENCY requests of an
 * event's size kept in flight, timed by the balancer as AirGate's answers are. What the machine, the
 * balancer and node's HTTP cost alone.
 */
async function bareBaseline(n: number): Promise<number[]> {
  const bares = await Promise.all([0, 1].map(() => startBareServer(['echo'])));
  const balancer = run(
    process.execPath,
    [join(ROOT, 'bench', 'lib', 'roundRobin.mjs'), ...bares.map((b) => b.url)],
    {},
  );
  try {
    const lbUrl = (await balancer.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!;
    // About the size of a signed, encrypted message event.
    const body = JSON.stringify({ encrypt: randomBytes(900).toString('base64') });
    const post = {
      method: 'POST' as const,
      path: '/bare',
      headers: { 'content-type': 'application/json' },
      body,
    };
    await runHttpLoad(
      lbUrl,
      Array.from({ length: n }, () => post),
      {
        concurrency: CONCURRENCY,
        mode: 'sustained',
        warmup: post,
      },
    );
    // The balancer recorded the warm-up's answers first.
    return ((await (await fetch(`${lbUrl}/__bench/acks`)).json()) as number[]).slice(CONCURRENCY);
  } finally {
    balancer.kill();
    await balancer.exited;
    for (const b of bares) await b.stop();
  }
}

/** CPU time so far (ms) of the AirGate processes and the balancer, MariaDB and this process. */
function cpuOf(procs: Child[]): number[] {
  const pids = procs.map((c) => c.proc.pid!);
  const own = process.cpuUsage();
  return [...pids.map((pid) => safe(() => cpuMs(pid))), databaseCpuMs(), (own.user + own.system) / 1000];
}

/** "servers 120 + 130, scheduler 10, balancer 40, MariaDB 300, simulator and load 90 ms". */
function cpuSpent(before: number[], after: number[]): string {
  const d = after.map((a, i) => (a - before[i]!).toFixed(0));
  return `servers ${d[0]} + ${d[1]}, balancer ${d[2]}, scheduler ${d[3]}, MariaDB ${d[4]}, simulator and load (this process) ${d[5]} ms`;
}

function safe(f: () => number): number {
  try {
    return f();
  } catch {
    return NaN;
  }
}

/** How many of `answers` (in answer order) took over `ms`, in each tenth of the list. */
function overByTenth(answers: number[], ms: number): number[] {
  const out = Array.from({ length: 10 }, () => 0);
  answers.forEach((a, i) => {
    if (a > ms) out[Math.floor((i * 10) / answers.length)]!++;
  });
  return out;
}

/**
 * How long a server's event loop was held up since it started (prom-client's event loop delay monitor) and
 * what its garbage collector took: a request waits that long before the route is even entered.
 */
function loopDelay(text: string): string {
  const ms = (name: string, labels: Record<string, string> = {}) =>
    ((metric(text, name, labels) ?? NaN) * 1000).toFixed(0);
  return (
    `delay p99 ${ms('airgate_nodejs_eventloop_lag_p99_seconds')} ms, max ${ms('airgate_nodejs_eventloop_lag_max_seconds')} ms; ` +
    `major GC ${ms('airgate_nodejs_gc_duration_seconds_sum', { kind: 'major' })} ms in ${metric(text, 'airgate_nodejs_gc_duration_seconds_count', { kind: 'major' }) ?? '?'}`
  );
}

/** What one run reports for the medians over BENCH_ROUNDS runs. */
type RunFigures = { ackP99: number; bareP99: number; redrawP50: number };

async function main(): Promise<RunFigures> {
  console.log(`(node ${process.version}, ${loadAverage()} at the start)`);
  const db = await benchDatabase();
  const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const sims = await startSims({
    volcSeed: {
      billLagMinutes: 0,
      projects: Array.from({ length: SUBS }, (_, i) => ({ projectName: `proj-${i}` })),
      users: Array.from({ length: SUBS }, (_, i) => ({ userName: team(i), accessKeys: [{}] })),
      burns: Array.from({ length: SUBS }, (_, i) => ({
        project: `proj-${i}`,
        user: team(i),
        ratePerHour: '5.00',
        since,
      })),
    },
  });
  const children: Child[] = [];
  try {
    const bare = (await bareBaseline(ALLOCATIONS + REQUESTS + 2 * REQUESTS)).sort((a, b) => a - b);
    const env = productionEnv(sims, db, { LOG_LEVEL: 'warn' });
    const migrate = airgate(['wait-db', '--migrate'], env);
    if ((await migrate.exited).code !== 0) throw new Error(migrate.stderr());
    await seed(sims, env, db, { subs: SUBS, requests: REQUESTS });

    const servers = [0, 1].map(() =>
      airgate(['serve', '--no-scheduler', '--port', '0', '--host', '127.0.0.1'], env),
    );
    children.push(...servers);
    const urls = await Promise.all(
      servers.map(async (s) => (await s.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!),
    );
    // The balancer in its own process: its timings are not delayed by the simulators and the load here.
    const balancer = run(process.execPath, [join(ROOT, 'bench', 'lib', 'roundRobin.mjs'), ...urls], {});
    children.push(balancer);
    const lbUrl = (await balancer.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!;
    const acks = async () => (await (await fetch(`${lbUrl}/__bench/acks`)).json()) as number[];
    sims.feishu.setEventUrl(`${lbUrl}/feishu/events`);
    children.push(airgate(['scheduler', '--tick', '1'], env));
    await new Promise((r) => setTimeout(r, 1000));
    const idle = servers.map(rssMb);
    const peak = [...idle];
    const sampler = setInterval(
      () => servers.forEach((s, i) => (peak[i] = Math.max(peak[i]!, rssMb(s) || 0))),
      100,
    );
    const started = Date.now();

    // Allocations typed by the admin, and quota requests by the lead, CONCURRENCY at a time.
    const messages = [
      ...Array.from({ length: ALLOCATIONS }, (_, i) => ({
        from: who.admin.openId,
        text: `allocate ${team(i % SUBS)} 1 bench ${i}`,
      })),
      ...Array.from({ length: REQUESTS }, (_, i) => ({
        from: who.lead.openId,
        text: `apply ${team(i % SUBS)} 10 bench request ${i}`,
      })),
    ].sort(() => Math.random() - 0.5);
    const messageCpuBefore = cpuOf(children);
    const messageStart = performance.now();
    const said = await pool(messages, CONCURRENCY, (m) => sims.feishu.say(m));
    const messageCpu = cpuSpent(messageCpuBefore, cpuOf(children));
    const messageWallMs = performance.now() - messageStart;
    const undelivered = said.filter((s) => !s.delivered).length;
    const messageAcks = (await acks()).length;

    // Every request card in the alert chat: two approvers press Approve at the same moment.
    let cardsSeen = 0;
    const cards = await until(
      'every request card',
      () => {
        const found = sims.feishu.messages({ chatId: ALERTS }).filter((m) => approveValue(m) !== undefined);
        cardsSeen = found.length;
        return found.length >= REQUESTS ? found : undefined;
      },
      300_000,
      () => `${cardsSeen} of ${REQUESTS}`,
    ); // a loaded machine (load average 15+) takes minutes
    const form = { formValue: { approve_amount: '10.00', approve_note: '' } };
    const clickedAt = new Map<string, number>();
    // CPU time of each process while the clicks are answered: on two cores, what the answers queue behind.
    const cpuBefore = cpuOf(children);
    const clickStart = performance.now();
    const clicks = await pool(cards, CLICK_CARDS, async (card) => {
      const value = approveValue(card)!;
      clickedAt.set(card.messageId, sims.feishu.now());
      return Promise.all(
        [who.approver1, who.approver2].map((p) =>
          sims.feishu.click({ from: p.openId, messageId: card.messageId, value, ...form }),
        ),
      );
    });
    const clickCpu = cpuSpent(cpuBefore, cpuOf(children));
    const clickWallMs = performance.now() - clickStart;
    await settle(db);
    await until(
      'two cycles',
      async () =>
        (await count(db, "SELECT COUNT(*) AS n FROM watch_cycles WHERE outcome = 'done'")) >= 2 || undefined,
      120_000,
    );
    await settle(db);
    const wallMs = Date.now() - started;
    clearInterval(sampler);

    const scraped = await Promise.all(urls.map(async (u) => (await fetch(`${u}/metrics`)).text()));
    const perServer = scraped.map(
      (text) => metric(text, 'airgate_feishu_ack_seconds_count', { status: '200' }) ?? 0,
    );
    // Each server's own timing of its answers (route entered → answer built), from its histogram: a tail
    // here is the server's (its event loop busy with the work that follows the answers), not the balancer's.
    const overInServer = (ms: number) =>
      scraped
        .map((text) => {
          const n = metric(text, 'airgate_feishu_ack_seconds_count', { status: '200' }) ?? 0;
          const under =
            metric(text, 'airgate_feishu_ack_seconds_bucket', { le: String(ms / 1000), status: '200' }) ?? 0;
          return `${n - under}/${n}`;
        })
        .join(', ');
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const report = await verify(sims.feishu.messages(), said, db);
    // What the approvers wait for after the answer: the clicked card redrawn with the outcome.
    const redrawn = sorted(
      cards.flatMap((c) => {
        const first = sims.feishu.message(c.messageId)?.updates[0];
        return first ? [first.at - clickedAt.get(c.messageId)!] : [];
      }),
    );
    const all = await acks();
    const ack = sorted(all);
    const pctOf = (xs: number[], p: number) =>
      xs.length === 0 ? '-' : xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1);
    const pct = (p: number) => pctOf(ack, p);
    // Messages are all sent (and acknowledged) before the first click: the two phases split the answers.
    const byPhase = (xs: number[]) => `p50 ${pctOf(xs, 50)} ms, p99 ${pctOf(xs, 99)} ms (n=${xs.length})`;
    console.log(
      [
        `2 servers + 1 scheduler on one MariaDB, ${SUBS} sub-accounts, ${Math.round(wallMs / 1000)} s`,
        `messages: ${messages.length} (${ALLOCATIONS} allocate, ${REQUESTS} apply), ${undelivered} not acknowledged on the first try (redelivered by the simulator); clicks: ${clicks.length * 2} (each Approve twice at once, ${CLICK_CARDS} cards at a time: ${CLICK_CARDS * 2} clicks in flight)`,
        `events answered per server: ${perServer.join(' / ')}; ack through the balancer p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${ack.at(-1)?.toFixed(1)} ms (aim p99 ≤ 150 ms)`,
        `  bare baseline, 2 Koa routes behind the same balancer, ${CONCURRENCY} in flight, measured first: ${byPhase(bare)}; AirGate's p99 ${(Number(pct(99)) / Number(pctOf(bare, 99))).toFixed(1)}× the bare p99`,
        `  messages ${byPhase(sorted(all.slice(0, messageAcks)))}; card callbacks ${byPhase(sorted(all.slice(messageAcks)))}`,
        `  answers the servers themselves timed over 50 ms: ${overInServer(50)}; over 100 ms: ${overInServer(100)}; over 250 ms: ${overInServer(250)}`,
        `  answers over 150 ms through the balancer, by tenth of the run in answer order (cold start first): ${overByTenth(all, 150).join(' ')}`,
        `  each server's event loop held up (from start, 10 ms resolution): ${scraped.map(loopDelay).join('; ')}`,
        `  card redrawn with the outcome after the click: ${byPhase(redrawn)}`,
        `  CPU while the messages were answered (${messageWallMs.toFixed(0)} ms): ${messageCpu}`,
        `  CPU while the clicks were answered (${clickWallMs.toFixed(0)} ms): ${clickCpu}`,
        `server RSS idle → peak under load: ${idle.map((r, i) => `${r.toFixed(0)} → ${peak[i]!.toFixed(0)} MB`).join(', ')}; ${loadAverage()} at the end`,
        ...report.lines,
        report.problems.length === 0
          ? 'OK: no duplicate reply, no duplicate alert, no lost or double allocation'
          : `PROBLEMS:\n  ${report.problems.join('\n  ')}`,
      ].join('\n'),
    );
    if (report.problems.length > 0) process.exitCode = 1;
    return {
      ackP99: Number(pct(99)),
      bareP99: Number(pctOf(bare, 99)),
      redrawP50: Number(pctOf(redrawn, 50)),
    };
  } finally {
    for (const [i, c] of children.entries())
      if (c.proc.exitCode !== null || c.proc.signalCode !== null)
        console.log(
          `process ${i} exited early (${c.proc.exitCode ?? c.proc.signalCode}):\n${c.stderr().slice(-3000)}${c.stdout().slice(-3000)}`,
        );
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await sims.close();
    await db.drop();
  }
}

async function verify(
  all: SimMessage[],
  said: SayResult[],
  db: TestDatabase,
): Promise<{ lines: string[]; problems: string[] }> {
  const problems: string[] = [];
  const replies = new Map<string, number>();
  for (const m of all)
    if (m.sender.type === 'app' && m.parentId) replies.set(m.parentId, (replies.get(m.parentId) ?? 0) + 1);
  const counts = said.map((m) => replies.get(m.messageId) ?? 0);
  if (counts.some((n) => n !== 1)) problems.push(`replies per message: ${JSON.stringify(histogram(counts))}`);

  const allocations = await count(db, "SELECT COUNT(*) AS n FROM ledger_entries WHERE source = 'chat'");
  if (allocations !== ALLOCATIONS)
    problems.push(`${allocations} chat allocations written for ${ALLOCATIONS} messages`);
  const perRequest = await rows(
    db,
    'SELECT quota_request_id AS id, COUNT(*) AS n FROM ledger_entries WHERE quota_request_id IS NOT NULL GROUP BY quota_request_id',
  );
  const approved = await count(db, "SELECT COUNT(*) AS n FROM quota_requests WHERE status = 'approved'");
  if (perRequest.some((r) => Number(r.n) !== 1))
    problems.push('a quota request was allocated more than once');
  if (perRequest.length !== approved || approved !== REQUESTS)
    problems.push(`${approved} requests approved, ${perRequest.length} allocated, ${REQUESTS} asked`);

  // An alert's cards: its notification (dedupe key "alert:<alert id>") lists the outbox uuids of the cards
  // rendered for it, one per recipient; the simulator records each posted message with that uuid.
  const alertNotices = await rows(db, "SELECT outbox FROM notifications WHERE dedupe_key LIKE 'alert:%'");
  const alertUuids = new Set(alertNotices.flatMap((r) => uuidsOf(r.outbox)));
  const alertMessages = all.filter((m) => m.uuid && alertUuids.has(m.uuid));
  const postedUuids = new Set(alertMessages.map((m) => m.uuid));
  if (postedUuids.size !== alertUuids.size)
    problems.push(`${alertUuids.size} alert cards queued, ${postedUuids.size} posted`);
  if (postedUuids.size !== alertMessages.length) problems.push('an alert card was posted twice');
  const alerts = await count(db, 'SELECT COUNT(*) AS n FROM alerts');

  const cycles = await rows(
    db,
    "SELECT started_at AS s, finished_at AS f FROM watch_cycles WHERE outcome = 'done' ORDER BY id",
  );
  for (let i = 1; i < cycles.length; i++) {
    if ((cycles[i]!.s as Date) < (cycles[i - 1]!.f as Date)) problems.push('two cycles overlapped');
  }
  const chains = await rows(
    db,
    'SELECT sub_account_id AS id, seq, amount, balance_after AS b FROM ledger_entries ORDER BY sub_account_id, seq',
  );
  let broken = 0;
  let last = '';
  let seq = 0;
  let balance = new Decimal(0);
  for (const e of chains) {
    if (e.id !== last) [last, seq, balance] = [String(e.id), 0, new Decimal(0)];
    seq += 1;
    balance = balance.plus(String(e.amount));
    if (Number(e.seq) !== seq || !balance.eq(String(e.b))) broken += 1;
  }
  if (broken > 0) problems.push(`${broken} ledger entries break their chain`);
  const disabled = await count(db, "SELECT COUNT(*) AS n FROM sub_accounts WHERE status = 'disabled'");
  return {
    problems,
    lines: [
      `replies: ${counts.length} messages, each answered ${JSON.stringify(histogram(counts))} time(s)`,
      `allocations: ${allocations}/${ALLOCATIONS} from chat, ${perRequest.length}/${REQUESTS} requests allocated once each, ledger entries ${chains.length}, chains broken ${broken}`,
      `watch: ${cycles.length} cycles, none overlapping; ${alerts} alerts (${alertNotices.length} with cards), ${alertMessages.length} alert cards posted for ${alertUuids.size} queued; ${disabled} sub-accounts disabled`,
    ],
  };
}

/** A notification's outbox column (JSON text: the uuids of its cards), as mysql2 returns it. */
function uuidsOf(v: unknown): string[] {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

function histogram(xs: number[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const x of xs) h[x] = (h[x] ?? 0) + 1;
  return h;
}
/**
 * BENCH_ROUNDS runs (default 1), each on a fresh database and fresh processes; with more than one, the
 * medians: one run on a shared 2-core machine moved by a third or more.
 */
async function rounds(): Promise<void> {
  requireFreshBuild();
  warnIfNotImageNode();
  const n = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
  const runs: RunFigures[] = [];
  for (let i = 0; i < n; i++) {
    if (n > 1) console.log(`round ${i + 1} of ${n}`);
    runs.push(await main());
  }
  if (n === 1) return;
  const med = (f: (r: RunFigures) => number) => {
    const xs = runs.map(f).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!.toFixed(1);
  };
  console.log(
    `=> median of ${n} rounds: ack p99 ${med((r) => r.ackP99)} ms (rounds ${runs.map((r) => r.ackP99.toFixed(0)).join(', ')}; aim ≤ 150 ms), ` +
      `bare p99 ${med((r) => r.bareP99)} ms, card redrawn p50 ${med((r) => r.redrawP50)} ms`,
  );
}

await rounds();
