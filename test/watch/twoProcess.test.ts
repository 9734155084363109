import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { watchRepo } from '../../src/db/repos/watch.js';
import { billDay } from '../../src/domain/billingPeriod.js';
import { dbKinds } from '../support/databases.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from './support.js';

const SUBS = 12;

async function pending(w: WatchWorld): Promise<number> {
  const rows = (await withReader(w.deps.db, (m) =>
    m.query("SELECT COUNT(*) AS n FROM feishu_outbox WHERE status = 'pending'"),
  )) as Array<{ n: string }>;
  return Number(rows[0]?.n ?? 0);
}

type Child = { done: Promise<string>; output: () => string };

/** Waits until `ok` holds for the children's output so far (they start slowly on a busy machine). */
async function until(ok: () => boolean, what: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const cyclesRun = (c: Child) => (c.output().match(/^cycle /gm) ?? []).length;

function child(name: string, env: NodeJS.ProcessEnv): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', 'test/watch/twoProcess.child.ts'], {
    env: { ...process.env, ...env, AIRGATE_CHILD: name },
    stdio: ['ignore', 'pipe', process.env.AIRGATE_DEBUG ? 'inherit' : 'pipe'],
  });
  let out = '';
  let err = '';
  p.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  p.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return {
    output: () => out,
    done: new Promise((resolve, reject) =>
      p.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${err.slice(-2000)}`)),
      ),
    ),
  };
}

/**
 * Two AirGate processes (two child processes, each with its own connection pool and lock connection)
 * on one MariaDB database and one pair of simulators: they run spending cycles and deliver the outbox
 * as fast as they can while the bills grow and quota is allocated.
 */
describe.skipIf(!dbKinds().includes('mysql'))('two AirGate processes on one MariaDB', () => {
  let w: WatchWorld;
  let dir: string;
  afterEach(async () => {
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('never run overlapping cycles and post every alert exactly once', async () => {
    const users = Array.from({ length: SUBS }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
    w = await openWatchWorld('mysql', {
      realClock: true,
      seed: {
        billLagMinutes: 0,
        projects: users.map((u) => ({ projectName: `${u}-proj` })),
        users: users.map(simUser),
      },
    });
    const today = billDay(new Date());
    const subs = [];
    for (const u of users)
      subs.push(await w.addSub(u, [`${u}-proj`], { quota: '100', countsFrom: '2000-01-01' }));
    const spend = (i: number, round: number) => String(10 * ((i % 5) + 5 + round));
    users.forEach((u, i) => w.volc.revise({ project: `${u}-proj`, date: today, amount: spend(i, 0) }));

    dir = mkdtempSync(join(tmpdir(), 'airgate-2p-'));
    const stop = join(dir, 'stop');
    const cfg = w.deps.config;
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: cfg.database.type === 'mysql' ? cfg.database.url : '',
      AIRGATE_MIGRATE_ON_START: 'false',
      VOLC_ACCESS_KEY_ID: cfg.volc.accessKeyId,
      VOLC_SECRET_ACCESS_KEY: cfg.volc.secretAccessKey,
      VOLC_ENDPOINT: cfg.volc.endpoint,
      FEISHU_APP_ID: cfg.feishu.appId,
      FEISHU_APP_SECRET: cfg.feishu.appSecret,
      FEISHU_ENCRYPT_KEY: cfg.feishu.encryptKey,
      FEISHU_VERIFICATION_TOKEN: cfg.feishu.verificationToken,
      FEISHU_BASE_URL: cfg.feishu.baseUrl,
      AIRGATE_STOP_FILE: stop,
    };
    const a = child('proc-a', env);
    const b = child('proc-b', env);

    await until(
      () => a.output().includes('ready') && b.output().includes('ready'),
      'both processes to start',
    );
    // The bills grow 10 % per round; after round 3 every disabled sub-account gets quota again.
    for (let round = 1; round <= 6; round++) {
      const seen = [cyclesRun(a), cyclesRun(b)];
      await until(
        () => cyclesRun(a) > seen[0]! && cyclesRun(b) > seen[1]!,
        `a cycle of each process in round ${round}`,
      );
      users.forEach((u, i) => w.volc.revise({ project: `${u}-proj`, date: today, amount: spend(i, round) }));
      if (round === 3) {
        for (const s of subs)
          if ((await w.sub(s.userName)).status === 'disabled') await w.allocate(s.id, '200');
      }
    }
    const seen = [cyclesRun(a), cyclesRun(b)];
    await until(() => cyclesRun(a) > seen[0]! + 1 && cyclesRun(b) > seen[1]! + 1, 'the last cycles');
    writeFileSync(stop, '');
    const results = (await Promise.all([a.done, b.done])).map(
      (o) => JSON.parse(o.trim().split('\n').pop()!) as { name: string; ran: number },
    );
    for (let i = 0; i < 600 && (await pending(w)) > 0; i++) {
      await w.deliver();
      await sleep(100);
    }

    // C1: both processes ran cycles, never at the same time, each under a higher fence than the last.
    expect(results.every((r) => r.ran > 0)).toBe(true);
    const cycles = (await withReader(w.deps.db, (m) => watchRepo.recentCycles(m, 10_000))).reverse();
    expect(new Set(cycles.map((c) => c.trigger))).toEqual(new Set(['proc-a', 'proc-b']));
    for (let i = 1; i < cycles.length; i++) {
      expect(cycles[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(cycles[i - 1]!.finishedAt!.getTime());
      expect(cycles[i]!.fence).toBeGreaterThan(cycles[i - 1]!.fence);
    }
    expect(cycles.every((c) => c.outcome === 'done')).toBe(true);

    // A1/A2: each alert once, each card in the chat once.
    const alerts = await withReader(w.deps.db, (m) => w.deps.repos.alerts.list(m, { limit: 10_000 }));
    const cards = w.feishu.messages({ chatId: ALERT_CHAT });
    expect(new Set(cards.map((c) => c.uuid)).size).toBe(cards.length);
    const outbox = (await withReader(w.deps.db, (m) =>
      m.query('SELECT uuid, status, feishu_message_id AS mid, attempts FROM feishu_outbox'),
    )) as Array<{ uuid: string }>;
    const got = new Set(cards.map((c) => c.uuid));
    expect(
      cards.length,
      JSON.stringify({
        n: outbox.length,
        missing: outbox.filter((o) => !got.has(o.uuid)),
        all: w.feishu.messages().length,
      }),
    ).toBe(alerts.length);
    const titles = cards.map((c) =>
      String((c.card as { header: { title: { content: string } } }).header.title.content),
    );
    for (const u of users) {
      // a threshold or early-warning card at most once per epoch: never twice in a row for one sub-account
      const mine = titles.filter(
        (t) => t.startsWith(`${u} `) && !t.endsWith('已自动禁用') && !t.endsWith('已恢复'),
      );
      mine.forEach((t, i) => expect(mine[i - 1], `${u}: ${mine.join(' | ')}`).not.toBe(t));
    }
    const audits = await withReader(w.deps.db, (m) =>
      w.deps.repos.audit.list(m, { actor: 'system', limit: 10_000 }),
    );
    const disables = audits.filter((x) => x.action === 'subaccount.disable').length;
    expect(disables).toBeGreaterThanOrEqual(SUBS);
    expect(titles.filter((t) => t.endsWith('已自动禁用'))).toHaveLength(disables);
    expect(titles.filter((t) => t.endsWith('已恢复'))).toHaveLength(
      audits.filter((x) => x.action === 'subaccount.enable').length,
    );
    process.stdout.write(
      `two processes: ${JSON.stringify({ results, cycles: cycles.length, alerts: alerts.length, disables })}\n`,
    );
  }, 240_000);
});
