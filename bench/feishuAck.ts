/**
 * Feishu acknowledgement latency on the compiled build, MariaDB, run by hand (README "Performance"):
 *
 *   npm run build && npx tsx bench/feishuAck.ts        (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306)
 *
 * AirGate runs as the image runs it (`node dist/src/cli/main.js serve`, NODE_ENV=production, the image's
 * NODE_OPTIONS) in its own process, pointed at the Feishu and Volcengine simulators (this process). The
 * requests are signed, encrypted events exactly as Feishu sends them, captured from the simulator
 * beforehand: text messages "ping" (acknowledged at once, answered "pong" through the outbox afterwards)
 * and card callbacks on a button whose action needs no work (the toast comes from the router: what is
 * measured is the acknowledgement machinery). Another process (bench/lib/loadgen.mjs) posts them to
 * POST /feishu/events, and the same bodies to the baseline, a bare Koa route in its own process that
 * reads and parses the body (bench/lib/bareServer.mjs), in the same run. Two shapes: waves of 100
 * simultaneous requests 300 ms apart, and 100 kept in flight (throughput-bound). Before each load the
 * server's background work (replies, inbox rows) is left to finish. Printed: p50/p99, throughput, the
 * server's CPU per request, idle RSS and peak RSS under each load, ratios to the bare route, load average.
 * Aims: p99 ≤ 2× the bare route and ≤ 50 ms.
 *
 * BENCH_ROUNDS rounds (default 3) of each shape, each on fresh events, alternating whether the bare route
 * goes first or last: single runs on a shared 2-core machine moved by up to a third, so the medians of
 * the p99s and of their ratios are printed as well.
 *
 * BENCH_PROFILE=<dir>: the server runs with --cpu-prof and its database traffic goes through a counting
 * proxy, which prints the statements per event. The profile is summarised at the end over the measured
 * loads of each kind (messages, card callbacks), and over the whole run. BENCH_NODE_FLAGS gives the server
 * more node flags (e.g. "--trace-gc"); BENCH_SERVER_LOG=<file> keeps its output, with a line where each
 * measured load starts and ends. BENCH_HEAP_PROFILE=1: V8's sampling heap profiler over each kind's measured
 * loads (through the inspector, collected objects included), printed as bytes per request, and between the
 * loads, while the relay sends the replies, per reply sent.
 */
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../src/deps.js';
import { createLogger } from '../src/log/logger.js';
import { productionEnv, startSims } from '../test/ops/support.js';
import type { TestDatabase } from '../test/support/databases.js';
import { printProfiles } from './lib/cpuProfile.js';
import { allocationSummary, connectHeapSampler, emptyTotals, type HeapSampler } from './lib/heapSampling.js';
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
import { heading, measurement, printRow } from './lib/report.js';

const MYSQL = (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
/** Events of each kind per round (half in waves, half kept in flight). */
const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 100;
type Req = { headers: Record<string, string>; body: string };

async function main() {
  requireFreshBuild();
  const dbName = `airgate_bench_${Date.now()}`;
  const admin = await createConnection({ uri: MYSQL });
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const db: TestDatabase = {
    kind: 'mysql',
    config: { type: 'mysql', url: `${MYSQL}/${dbName}` },
    drop: async () => {},
  };
  const sims = await startSims();
  const env = productionEnv(sims, db, { LOG_LEVEL: 'info' });
  const profileDir = process.env.BENCH_PROFILE;
  const counter = profileDir ? await startQueryCounter(hostPort(MYSQL)) : undefined;
  const stops: Array<() => Promise<void>> = [];
  const capture = await captureServer();
  // The bot's replies the simulator has received.
  const replies = () => sims.feishu.messages().filter((x) => x.sender.type === 'app' && x.parentId).length;
  // The measured loads of each kind, in µs of the monotonic clock the profile's timestamps read.
  const profileWindows = { messages: [] as Array<[number, number]>, clicks: [] as Array<[number, number]> };
  // BENCH_HEAP_PROFILE=1: what the server allocates over each kind's measured loads.
  const heapProfile = process.env.BENCH_HEAP_PROFILE
    ? {
        sampler: undefined as HeapSampler | undefined,
        // `replies`: the background work a load of messages leaves, the relay sending their replies.
        totals: { messages: emptyTotals(), clicks: emptyTotals(), replies: emptyTotals() },
        requests: { messages: 0, clicks: 0, replies: 0 },
      }
    : undefined;
  try {
    // Migrations, and the card the clicks are made on (sent by the bot, as AirGate would).
    const deps = createDeps({ ...loadConfig(env), database: db.config }, { log: createLogger('warn') });
    await initDeps(deps, { migrate: true });
    const feishu = sims.feishu;
    const users = Array.from({ length: 20 }, (_, i) => ({
      openId: `ou_bench${String(i).padStart(26, '0')}`,
      name: `U${i}`,
    }));
    feishu.seedUsers(users);
    const chat = 'oc_bench00000000000000000000000000';
    feishu.seedChat({ chatId: chat, name: 'bench', type: 'group', members: users.map((u) => u.openId) });
    const card = await deps.feishu!.sender.sendToChat(chat, {
      card: {
        schema: '2.0',
        config: { update_multi: true },
        body: {
          elements: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: 'ok' },
              behaviors: [{ type: 'callback', value: { a: 'bench.noop' } }],
            },
          ],
        },
      },
    });
    await closeDeps(deps);

    // Signed, encrypted requests exactly as Feishu sends them, captured from the simulator. Each event id
    // is used once (a second post would be a redelivery, answered without work).
    feishu.setEventUrl(capture.url);
    const total = 200 + N * ROUNDS;
    for (let i = 0; i < total; i++) await feishu.say({ from: users[i % 20]!.openId, text: 'ping' });
    const messages = capture.take();
    for (let i = 0; i < total; i++)
      await feishu.click({
        from: users[i % 20]!.openId,
        messageId: card.messageId,
        value: { a: 'bench.noop' },
      });
    const clicks = capture.take();

    const serverDb = counter
      ? `mysql://root@127.0.0.1:${counter.port}/${dbName}`
      : db.config.type === 'mysql'
        ? db.config.url
        : '';
    const server = await startCompiledServer(
      { ...env, DATABASE_URL: serverDb },
      {
        ...(profileDir && { profileDir }),
        ...(heapProfile && { nodeFlags: ['--inspect=127.0.0.1:0'] }),
      },
    );
    stops.push(server.stop);
    if (heapProfile) {
      const sampler = await connectHeapSampler(
        (await server.waitFor(/Debugger listening on (ws:\/\/\S+)/))[1]!,
      );
      stops.push(async () => sampler.close());
      heapProfile.sampler = sampler;
    }
    const bare = await startBareServer(['echo']);
    stops.push(bare.stop);
    const asLoad = (path: string, reqs: Req[]): LoadRequest[] =>
      reqs.map((r) => ({ method: 'POST', path, headers: r.headers, body: r.body }));
    // Round r's events: the r-th block of N after the 200 of the warm-up, half for each shape.
    const slices = (reqs: Req[]) => ({
      warm: reqs.slice(0, 200),
      round: (r: number, mode: 'waves' | 'sustained') => {
        const from = 200 + r * N + (mode === 'waves' ? 0 : N / 2);
        return reqs.slice(from, from + N / 2);
      },
    });
    const m = slices(messages);
    const c = slices(clicks);

    const idle = await idleRss(server);
    const load = { concurrency: CONCURRENCY, gapMs: 300 };
    // The bare route takes any body again (it stores nothing): warmed with five times as many requests, it
    // is as warm as AirGate is after its own warm-up (a bare route still warming up would flatter AirGate).
    const bareWarm = Array.from({ length: 5 }, () => m.warm).flat();
    await runHttpLoad(bare.url, asLoad('/bare', bareWarm), { ...load, mode: 'sustained' });
    await runHttpLoad(server.url, asLoad('/feishu/events', m.warm), { ...load, mode: 'sustained' });
    await runHttpLoad(server.url, asLoad('/feishu/events', c.warm), { ...load, mode: 'sustained' });
    await settled(admin, dbName);
    counter?.reset();
    heading(
      `Feishu ack, MariaDB, compiled build (node ${process.version}, NODE_OPTIONS="${imageNodeOptions()}"); AirGate idle RSS ${idle.toFixed(0)} MB`,
    );
    warnIfBusy();
    warnIfNotImageNode();
    const now = () => Number(process.hrtime.bigint() / 1000n);
    const measure = async (
      p: Measured & { url: string },
      reqs: LoadRequest[],
      mode: 'waves' | 'sustained',
      kind?: keyof typeof profileWindows,
    ) => {
      const drain = heapProfile?.sampler;
      const repliesBefore = drain ? replies() : 0;
      if (drain) await drain.start();
      await settled(admin, dbName);
      if (drain) {
        await drain.stop(heapProfile.totals.replies);
        heapProfile.requests.replies += replies() - repliesBefore;
      }
      const mark = (what: string) =>
        process.env.BENCH_SERVER_LOG &&
        appendFileSync(process.env.BENCH_SERVER_LOG, `== ${what} ${kind ?? 'bare'} ${mode}\n`);
      mark('start');
      const sampled = kind && heapProfile?.sampler;
      if (sampled) await sampled.start();
      const from = now();
      const { result, peakRssMb, cpuMs, dbCpuMs } = await whileMeasuring(p, () =>
        runHttpLoad(p.url, reqs, { ...load, mode, warmup: { method: 'GET', path: '/healthz' } }),
      );
      if (kind) profileWindows[kind].push([from, now()]);
      if (sampled) {
        await sampled.stop(heapProfile.totals[kind]);
        heapProfile.requests[kind] += reqs.length;
      }
      mark('end');
      return measurement(result, peakRssMb, cpuMs, dbCpuMs);
    };
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    for (const mode of ['waves', 'sustained'] as const) {
      const label = mode === 'waves' ? `waves of ${CONCURRENCY}` : `${CONCURRENCY} in flight`;
      const p99 = { bare: [] as number[], msg: [] as number[], crd: [] as number[] };
      const ratio = { msg: [] as number[], crd: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        const runBare = () => measure(bare, asLoad('/bare', m.round(round, mode)), mode);
        const runAirGate = async () => ({
          msg: await measure(server, asLoad('/feishu/events', m.round(round, mode)), mode, 'messages'),
          crd: await measure(server, asLoad('/feishu/events', c.round(round, mode)), mode, 'clicks'),
        });
        // Rounds alternate which side goes first, so that a drift in the machine's load falls on both.
        const [b, a] =
          round % 2 === 0
            ? [await runBare(), await runAirGate()]
            : await runAirGate().then(async (x) => [await runBare(), x] as const);
        printRow(`bare Koa route, ${label}`, b);
        printRow(`message events, ${label}`, a.msg, b);
        printRow(`card callbacks, ${label}`, a.crd, b);
        p99.bare.push(b.stats.p99);
        p99.msg.push(a.msg.stats.p99);
        p99.crd.push(a.crd.stats.p99);
        ratio.msg.push(a.msg.stats.p99 / b.stats.p99);
        ratio.crd.push(a.crd.stats.p99 / b.stats.p99);
      }
      console.log(
        `  => ${label}, median of ${ROUNDS} rounds: p99 messages ${med(p99.msg).toFixed(1)} ms ` +
          `(×${med(ratio.msg).toFixed(2)}), card callbacks ${med(p99.crd).toFixed(1)} ms (×${med(ratio.crd).toFixed(2)}), ` +
          `bare ${med(p99.bare).toFixed(1)} ms (aims ≤ 2×, ≤ 50 ms)`,
      );
    }
    await settled(admin, dbName);
    console.log(`  (${loadAverage()}; AirGate idle RSS afterwards ${(await idleRss(server)).toFixed(0)} MB)`);
    console.log(`  replies delivered: ${replies()} for ${messages.length} messages`);
    if (counter)
      console.log(
        `  queries per event (messages and clicks, background work included): ${perRequest(counter.counts(), 2 * N * ROUNDS)}`,
      );
  } finally {
    for (const stop of stops.reverse()) await stop();
    counter?.close();
    capture.server.close();
    await sims.close();
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
  }
  if (heapProfile) {
    console.log('\n(The sampler slows the server: the latencies above are not comparable with other runs.)');
    for (const kind of ['messages', 'clicks', 'replies'] as const) {
      console.log(
        kind === 'replies'
          ? '\nWhat the server allocated between the loads (per reply the relay sent meanwhile):'
          : `\nWhat the server allocated while measuring ${kind}:`,
      );
      console.log(
        allocationSummary(
          heapProfile.totals[kind],
          heapProfile.requests[kind],
          15,
          kind === 'replies' ? ['reply', 'replies'] : ['event', 'events'],
        ),
      );
    }
  }
  if (profileDir) {
    for (const [kind, windows] of Object.entries(profileWindows)) {
      console.log(`\nThe server while measuring ${kind}:`);
      printProfiles(profileDir, 25, windows);
    }
    console.log('\nThe whole run:');
    printProfiles(profileDir);
  }
}

/** Waits (up to 2 min) until the server has no event waiting or running and no reply queued. */
async function settled(admin: Awaited<ReturnType<typeof createConnection>>, dbName: string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const [rows] = await admin.query(
      `SELECT (SELECT COUNT(*) FROM \`${dbName}\`.feishu_inbox_events WHERE status IN ('pending', 'processing'))
            + (SELECT COUNT(*) FROM \`${dbName}\`.feishu_outbox WHERE status = 'pending') AS n`,
    );
    if (Number((rows as Array<{ n: number }>)[0]!.n) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log('  (background work still running after 2 min)');
}

/** Stands in for AirGate while the simulator pushes: keeps each request's signed headers and body. */
async function captureServer() {
  let captured: Req[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const h: Record<string, string> = { 'content-type': 'application/json' };
      for (const k of ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'])
        h[k] = String(req.headers[k]);
      captured.push({ headers: h, body: Buffer.concat(chunks).toString('utf8') });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take: () => {
      const out = captured;
      captured = [];
      return out;
    },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
