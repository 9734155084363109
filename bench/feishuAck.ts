/**
 * Feishu acknowledgement latency and outbox throughput, run by hand: `npx tsx bench/feishuAck.ts`.
 *
 * 1. Ack latency at 100 concurrent requests, on MariaDB (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306):
 *    signed, encrypted message events and card callbacks (made by the Feishu simulator) posted to
 *    POST /feishu/events, beside a bare Koa route that only parses the body, in the same run. The load
 *    comes from a worker thread, so client and server do not share an event loop.
 * 2. Outbox throughput: messages over 20 chats delivered by the relay against the simulator's limits
 *    (5/s per chat, 50/s and 1000/min per app).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { createConnection } from 'mysql2/promise';
import { buildApp } from '../src/app.js';
import { createDataSource } from '../src/db/dataSource.js';
import { FeishuOutbox, type OutboxMessage } from '../src/feishu/outbox.js';
import { createFeishu } from '../src/feishu/wiring.js';
import { createLogger } from '../src/log/logger.js';
import { startFeishuSim } from '../src/sim/feishu/server.js';
import { loadStats, runHttpLoad, type Load } from './lib/httpLoad.js';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 100;
const OUTBOX_MESSAGES = Number(process.env.BENCH_OUTBOX ?? 600);
const app = {
  appId: 'cli_a1b2c3d4e5f60001',
  appSecret: 'airgate-bench-app-secret',
  encryptKey: 'AirGateBenchEncryptKey',
  verificationToken: 'v_AirGateBenchToken',
};
type Req = { headers: Record<string, string>; body: string };

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** POSTs to `url` (events or the bare route): `bursts` are waves of 100 simultaneous requests, 300 ms apart. */
function load(url: string, reqs: Req[], mode: 'sustained' | 'bursts' = 'sustained'): Promise<Load> {
  const u = new URL(url);
  return runHttpLoad(
    u.origin,
    reqs.map((r) => ({ method: 'POST', path: u.pathname, headers: r.headers, body: r.body })),
    { concurrency: CONCURRENCY, mode: mode === 'bursts' ? 'waves' : 'sustained', gapMs: 300 },
  );
}

function summary(name: string, r: Load) {
  const { p50, p99, max, rps } = loadStats(r);
  console.log(
    `  ${name.padEnd(26)} n=${r.ms.length} p50=${p50.toFixed(1)}ms p99=${p99.toFixed(1)}ms max=${max.toFixed(1)}ms ${rps.toFixed(0)} req/s ${JSON.stringify(r.statuses)}`,
  );
  return Number(p99.toFixed(1));
}

async function main() {
  const dbName = `airgate_bench_${Date.now()}`;
  const admin = await createConnection({ uri: MYSQL });
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const db = createDataSource({ type: 'mysql', url: `${MYSQL.replace(/\/$/, '')}/${dbName}` });
  const sim = await startFeishuSim({ app });
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const users = Array.from({ length: 20 }, (_, i) => ({
      openId: `ou_bench${String(i).padStart(26, '0')}`,
      name: `U${i}`,
    }));
    sim.seedUsers(users);
    const chats = users.map((_, i) => `oc_bench${String(i).padStart(26, '0')}`);
    for (const chatId of chats)
      sim.seedChat({ chatId, name: chatId, type: 'group', members: users.map((u) => u.openId) });

    const log = createLogger('warn');
    const clock = { now: () => new Date(sim.now()) };
    const outbox = new FeishuOutbox(clock);
    const feishu = createFeishu(
      {
        config: { locale: 'zh', feishu: { ...app, baseUrl: sim.url, eventMode: 'http' } },
        log,
        db,
        clock,
        outbox,
      },
      { botOpenId: sim.bot.openId },
    )!;
    feishu.router
      .command({ names: ['noop'], run: async () => {} })
      .action({ id: 'bench.ok', run: async () => ({ toast: { type: 'success', content: 'ok' } }) });
    const airgate = await listen(buildApp({ log, db, clock, feishu }).callback());
    const bareApp = new Koa();
    const bareRouter = new Router().post('/bare', async (ctx) => {
      const chunks: Buffer[] = [];
      for await (const c of ctx.req) chunks.push(c as Buffer);
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      ctx.body = {};
    });
    bareApp.use(bareRouter.routes());
    const bare = await listen(bareApp.callback());

    // Signed, encrypted requests exactly as Feishu sends them, captured from the simulator.
    const captured: Req[] = [];
    const capture = await listen((req, res) => {
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
    sim.setEventUrl(capture.url);
    const total = N + 200;
    for (let i = 0; i < total; i++) await sim.say({ from: users[i % 20]!.openId, text: 'noop' });
    const messages = captured.splice(0);
    const cardMsg = await feishu.sender.sendToChat(chats[0]!, {
      card: {
        schema: '2.0',
        config: { update_multi: true },
        body: {
          elements: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: 'ok' },
              behaviors: [{ type: 'callback', value: { a: 'bench.ok' } }],
            },
          ],
        },
      },
    });
    for (let i = 0; i < total; i++)
      await sim.click({
        from: users[i % 20]!.openId,
        messageId: cardMsg.messageId,
        value: { a: 'bench.ok' },
      });
    const clicks = captured.splice(0);

    // Each event id is used once (a second post would be a redelivery, answered without work).
    const events = `${airgate.url}/feishu/events`;
    const slices = (reqs: Req[]) => ({
      warm: reqs.slice(0, 200),
      a: reqs.slice(200, 200 + N / 2),
      b: reqs.slice(200 + N / 2),
    });
    const m = slices(messages);
    const c = slices(clicks);
    await load(`${bare.url}/bare`, m.warm);
    await load(events, m.warm);
    await load(events, c.warm);
    for (const mode of ['bursts', 'sustained'] as const) {
      console.log(
        mode === 'bursts'
          ? `Ack latency, waves of ${CONCURRENCY} simultaneous requests, MariaDB:`
          : `Ack latency, ${CONCURRENCY} requests kept in flight (throughput-bound), MariaDB:`,
      );
      const part = mode === 'bursts' ? 'a' : 'b';
      const bareP99 = summary('bare Koa route', await load(`${bare.url}/bare`, m[part], mode));
      const msgP99 = summary('message events', await load(events, m[part], mode));
      const cardP99 = summary('card callbacks', await load(events, c[part], mode));
      console.log(
        `  p99 vs bare route: messages ${(msgP99 / bareP99).toFixed(1)}x, card callbacks ${(cardP99 / bareP99).toFixed(1)}x`,
      );
    }
    await feishu.processor.idle();

    // Outbox throughput against the simulator's rate limits.
    const queued: OutboxMessage[] = Array.from({ length: OUTBOX_MESSAGES }, (_, i) => ({
      kind: 'send',
      receiveIdType: 'chat_id',
      receiveId: chats[i % chats.length]!,
      body: { text: `bench ${i}` },
    }));
    for (const m of queued) await db.transaction((tx) => outbox.enqueue(tx, m));
    const before = sim.messages().length;
    const t0 = performance.now();
    feishu.relay.start();
    while ((await outbox.stats(db)).pending > 0) await new Promise((r) => setTimeout(r, 100));
    const secs = (performance.now() - t0) / 1000;
    await feishu.relay.stop();
    const [row] = (await db.query('SELECT SUM(attempts) AS a FROM feishu_outbox')) as Array<{ a: string }>;
    const refused = Number(row!.a) - OUTBOX_MESSAGES;
    console.log(
      `Outbox: ${OUTBOX_MESSAGES} messages over ${chats.length} chats in ${secs.toFixed(1)} s = ${(OUTBOX_MESSAGES / secs).toFixed(1)} msg/s; ` +
        `delivered ${sim.messages().length - before}; attempts refused by rate limits or faults: ${refused}`,
    );
    for (const s of [airgate.server, bare.server, capture.server]) {
      s.closeAllConnections();
      s.close();
    }
    await feishu.stop();
  } finally {
    await sim.close();
    if (db.isInitialized) await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
