import { Decimal } from 'decimal.js';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDataSource } from '../../src/db/dataSource.js';
import { utcDateTransformer } from '../../src/db/transformers.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import {
  ADMIN,
  ALERT_CHAT,
  TEAM,
  airgate,
  eventually,
  opsVolcSeed,
  productionEnv,
  run,
  seedInstall,
  startSims,
  type Sims,
} from './support.js';

// Each test starts AirGate as a child process (TypeScript compiled on the fly): allow for a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const MESSAGES = 30;

type Row = Record<string, unknown>;

describe.each(dbKinds())('SIGTERM in the middle of allocations and a spending cycle, on %s', (kind) => {
  let db: TestDatabase;
  let sims: Sims;
  let ds: DataSource;
  let subId = '';
  const q = (sql: string, params: unknown[] = []) => ds.query(sql, params) as Promise<Row[]>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sims = await startSims({ volcSeed: opsVolcSeed() });
    const env = productionEnv(sims, db);
    const migrate = run(process.execPath, ['bin/airgate.mjs', 'migrate'], env);
    expect((await migrate.exited).code).toBe(0);
    // 2.50/h for three days against 300: the first cycle crosses the 50 % threshold while it is stopped.
    subId = await seedInstall(sims, env, db, '300');
    ds = createDataSource(db.config);
    await ds.initialize();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await sims?.close();
    await db?.drop();
  });

  it('exits 0 having finished what it started: no half-written ledger, inbox, outbox or cycle state', async () => {
    // Slow Volcengine answers keep the first cycle running while the allocations arrive. The cycle makes
    // several calls in a row, so a little over a second each keeps it running for seconds, and the stop
    // (which lets the cycle finish its account) waits on the rest of them: no longer than it must.
    sims.volc.setFaults({ latencyMs: 1200 });
    const server = airgate(['serve', '--port', '0', '--host', '127.0.0.1'], productionEnv(sims, db));
    try {
      const url = (await server.waitFor(/AirGate listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
      sims.feishu.setEventUrl(`${url}/feishu/events`);
      const cycleId = await eventually(
        'a running cycle',
        async () => {
          const rows = await q("SELECT id FROM watch_cycles WHERE outcome = 'running'");
          return rows[0] ? Number(rows[0].id) : undefined;
        },
        60_000,
      );

      const said = Array.from({ length: MESSAGES }, (_, i) =>
        sims.feishu
          .say({ from: ADMIN.openId, text: `allocate ${TEAM.user} 1 shutdown ${i}` })
          .catch(() => undefined),
      );
      await eventually('a few allocations', async () => {
        const [row] = await q(
          "SELECT COUNT(*) AS n FROM ledger_entries WHERE sub_account_id = ? AND source = 'chat'",
          [subId],
        );
        return Number(row!.n) >= 3 || undefined;
      });
      const [before] = await q('SELECT outcome FROM watch_cycles WHERE id = ?', [cycleId]);
      expect(before!.outcome, 'the cycle is still running when SIGTERM comes').toBe('running');
      const stoppedAt = Date.now();
      server.kill('SIGTERM');
      const exit = await server.exited;
      await Promise.all(said);
      expect(server.stderr()).toMatch(/AirGate stopped/);
      // it stopped by itself (a hang would end in the test's timeout, not here)
      expect(exit).toMatchObject({ code: 0, signal: null });

      // The cycle that was running finished its account and recorded itself; its lock is released.
      const [cycle] = await q('SELECT outcome, finished_at FROM watch_cycles WHERE id = ?', [cycleId]);
      expect(cycle!.outcome).toBe('done');
      expect((utcDateTransformer.from(cycle!.finished_at) as Date).getTime()).toBeGreaterThan(stoppedAt);
      expect(await q("SELECT id FROM watch_cycles WHERE outcome = 'running'")).toEqual([]);
      expect((await q('SELECT lease_until FROM watch_leases')).every((r) => r.lease_until === null)).toBe(
        true,
      );

      // Every event taken in is either done (its one ledger entry and its reply written) or handed back
      // untouched for the next process; none is left claimed.
      const events = await q(
        "SELECT event_id, status FROM feishu_inbox_events WHERE event_type = 'im.message.receive_v1'",
      );
      const statuses = new Set(events.map((e) => e.status));
      expect(
        [...statuses].every((s) => s === 'done' || s === 'pending'),
        [...statuses].join(),
      ).toBe(true);
      for (const e of events) {
        const id = String(e.event_id);
        const [entries] = await q('SELECT COUNT(*) AS n FROM ledger_entries WHERE request_id = ?', [id]);
        const [replies] = await q('SELECT COUNT(*) AS n FROM feishu_outbox WHERE dedupe_key = ?', [
          `evt:${id}:0`,
        ]);
        const expected = e.status === 'done' ? 1 : 0;
        expect([Number(entries!.n), Number(replies!.n)], `${id} ${String(e.status)}`).toEqual([
          expected,
          expected,
        ]);
      }
      const done = events.filter((e) => e.status === 'done').length;
      const [chat] = await q(
        "SELECT COUNT(*) AS n FROM ledger_entries WHERE sub_account_id = ? AND source = 'chat'",
        [subId],
      );
      expect(Number(chat!.n)).toBe(done);

      // L1: seq 1..n without gap, each balance_after = previous + amount, the cached head matches.
      const chain = await q(
        'SELECT seq, amount, balance_after FROM ledger_entries WHERE sub_account_id = ? ORDER BY seq',
        [subId],
      );
      let balance = new Decimal(0);
      chain.forEach((entry, i) => {
        expect(Number(entry.seq)).toBe(i + 1);
        balance = balance.plus(String(entry.amount));
        expect(new Decimal(String(entry.balance_after)).eq(balance)).toBe(true);
      });
      const [sub] = await q('SELECT balance, last_seq FROM sub_accounts WHERE id = ?', [subId]);
      expect(Number(sub!.last_seq)).toBe(chain.length);
      expect(new Decimal(String(sub!.balance)).eq(balance)).toBe(true);
      expect(balance.eq(new Decimal(300).plus(done))).toBe(true);

      // A2: an alert exists exactly when its notification and that one's card to the alert chat do (one
      // transaction).
      const alerts = await q('SELECT id FROM alerts');
      const notices = await q("SELECT id, dedupe_key FROM notifications WHERE dedupe_key LIKE 'alert:%'");
      const noticed = new Map(notices.map((r) => [String(r.dedupe_key).split(':')[1], String(r.id)]));
      expect([...noticed.keys()].every((id) => alerts.some((a) => String(a.id) === id))).toBe(true);
      for (const a of alerts) {
        const notice = noticed.get(String(a.id));
        expect(notice, `alert ${String(a.id)}`).toBeDefined();
        const [n] = await q('SELECT COUNT(*) AS n FROM feishu_outbox WHERE dedupe_key = ?', [
          `n:${notice!}:chat_id:${ALERT_CHAT}`,
        ]);
        expect(Number(n!.n), `alert ${String(a.id)}`).toBe(1);
      }

      // No outbox row is left claimed by the relay that stopped.
      expect(await q('SELECT id FROM feishu_outbox WHERE lease_owner IS NOT NULL')).toEqual([]);
      console.info(
        `[shutdown ${kind}] stopped after ${exit.ms} ms; ${events.length} events taken in: ${done} done, ${events.length - done} handed back; ${MESSAGES - events.length} refused at the door; ${alerts.length} alert(s)`,
      );
    } finally {
      server.kill('SIGKILL');
    }
  });
});
