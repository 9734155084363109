import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { buildApp } from '../../../src/app.js';
import { createFeishuNotifier } from '../../../src/feishu/notifications/notifier.js';
import { renderers } from '../../../src/feishu/notifications/renderers.js';
import type { Clock } from '../../../src/clock.js';
import { createDataSource } from '../../../src/db/dataSource.js';
import { FeishuInboxEvent } from '../../../src/db/entities/feishuInboxEvent.js';
import { FeishuOutboxMessage } from '../../../src/db/entities/feishuOutboxMessage.js';
import { FeishuOutbox } from '../../../src/feishu/outbox.js';
import { createFeishu, type FeishuOptions, type FeishuWiring } from '../../../src/feishu/wiring.js';
import { createLogger } from '../../../src/log/logger.js';
import type { FeishuSim } from '../../../src/sim/feishu/server.js';
import type { DatabaseConfig } from '../../../src/config/loadConfig.js';
import { fillFromTemplate } from '../../support/databases.js';

/** The vectors' app: a real-looking app id (the SDK's WSClient refuses others). */
export const testApp = {
  appId: 'cli_a1b2c3d4e5f60001',
  appSecret: 'airgate-test-app-secret-0001',
  encryptKey: 'AirGateTestEncryptKey2024',
  verificationToken: 'v_AirGateVerificationToken01',
};

/** A card 2.0 with a title, and a button whose callback carries `value` when given. */
export const testCard = (title: string, value?: Record<string, unknown>) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
  body: {
    elements: value
      ? [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: 'Go' },
            behaviors: [{ type: 'callback', value }],
          },
        ]
      : [{ tag: 'markdown', content: title }],
  },
});

export type AppCredentials = {
  appId: string;
  appSecret: string;
  encryptKey?: string;
  verificationToken?: string;
};

export type AirGate = {
  url: string;
  db: DataSource;
  feishu: FeishuWiring;
  outbox: FeishuOutbox;
  logs: string[];
  close(): Promise<void>;
};

/**
 * Opens (and migrates) a database; several AirGates may share one. A new database starts as a copy of
 * the run's migrated template, so the migrations find nothing left to do.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DataSource> {
  await fillFromTemplate(config);
  const db = createDataSource(config);
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return db;
}

/**
 * One AirGate instance: its own DataSource on the given database, the Feishu wiring aimed at `baseUrl`,
 * the Koa app on a random port. `start` runs the relay, sweep and (ws mode) the long connection.
 */
export async function startAirGate(opts: {
  database: DatabaseConfig;
  baseUrl: string;
  clock: Clock;
  app?: AppCredentials;
  mode?: 'http' | 'ws';
  feishu?: FeishuOptions;
  start?: boolean;
}): Promise<AirGate> {
  const db = await openDatabase(opts.database);
  const logs: string[] = [];
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    }),
  );
  const outbox = new FeishuOutbox(opts.clock);
  const app = opts.app ?? testApp;
  const feishu = createFeishu(
    {
      config: {
        locale: 'zh',
        feishu: {
          ...app,
          encryptKey: app.encryptKey,
          verificationToken: app.verificationToken,
          baseUrl: opts.baseUrl,
          eventMode: opts.mode ?? 'http',
        },
      },
      log,
      db,
      clock: opts.clock,
      outbox,
    },
    { sweepIntervalMs: 200, ...opts.feishu },
  );
  if (!feishu) throw new Error('Feishu wiring not created');
  const notifier = createFeishuNotifier({ outbox, clock: opts.clock, renderers, defaultLocale: 'zh' });
  const koa = buildApp({ log, db, clock: opts.clock, feishu, notifier, config: { locale: 'zh' } });
  const server = await listen(koa.callback());
  if (opts.start ?? true) feishu.start();
  return {
    url: server.url,
    db,
    feishu,
    outbox,
    logs,
    close: async () => {
      await server.close();
      await feishu.stop();
      await db.destroy();
    },
  };
}

/** AirGate's clock follows the simulator's (real time plus what `advance` added). */
export function simClock(sim: FeishuSim): Clock {
  return { now: () => new Date(sim.now()) };
}

export async function listen(
  handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Captured = { headers: Record<string, string>; body: string };

/**
 * Sits between the simulator and AirGate: records every request, and per request decides where it
 * goes (an AirGate URL, or nowhere) and what the simulator hears back.
 */
export async function startProxy(
  route: (n: number, req: Captured) => { to?: string; answer?: number } | undefined,
): Promise<{ url: string; captured: Captured[]; close(): Promise<void> }> {
  const captured: Captured[] = [];
  const srv = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const c: Captured = { headers: pickLark(req.headers), body: Buffer.concat(chunks).toString('utf8') };
      captured.push(c);
      const plan = route(captured.length, c) ?? {};
      void (async () => {
        let status = 200;
        let text = '{}';
        if (plan.to) {
          const r = await post(plan.to, c);
          status = r.status;
          text = r.text;
        }
        res.writeHead(plan.answer ?? status, { 'content-type': 'application/json' });
        res.end(text);
      })();
    });
  });
  return { url: srv.url, captured, close: srv.close };
}

export function pickLark(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = { 'content-type': 'application/json' };
  for (const k of ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature']) {
    const v = h[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export async function post(url: string, c: Captured): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/feishu/events`, {
    method: 'POST',
    headers: c.headers,
    body: c.body,
  });
  return { status: res.status, text: await res.text(), ms: performance.now() - started };
}

export async function counts(db: DataSource): Promise<{ inbox: number; outbox: number }> {
  return {
    inbox: await db.getRepository(FeishuInboxEvent).count(),
    outbox: await db.getRepository(FeishuOutboxMessage).count(),
  };
}

/** Polls until `check` holds (or throws with `what` after `timeoutMs`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 8000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
