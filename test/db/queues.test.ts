import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { inboxRepo } from '../../src/db/repos/inbox.js';
import { outboxRepo } from '../../src/db/repos/outbox.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { takeNamedLock } from '../../src/db/namedLock.js';
import { dbKinds } from '../support/databases.js';
import { openHarness, type Harness } from '../services/harness.js';

describe.each(dbKinds())('the outbox and inbox repositories on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  const row = (orderKey: string, dedupeKey: string | null = null) => ({
    uuid: randomUUID(),
    dedupeKey,
    orderKey,
    kind: 'send',
    payload: { kind: 'send', receiveIdType: 'chat_id', receiveId: orderKey, body: { text: 'hi' } },
    now: h.clock.now(),
  });

  it('writes one row per dedupe key and answers the first uuid to a second writer', async () => {
    const key = `dk-${randomUUID()}`;
    const first = await inTransaction(h.deps.db, (tx) => outboxRepo.insertOnce(tx, row('chat_id:a', key)));
    const again = await inTransaction(h.deps.db, (tx) => outboxRepo.insertOnce(tx, row('chat_id:a', key)));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ uuid: first.uuid, duplicate: true });
  });

  it('offers only the head of each order key, and lets one relay claim it', async () => {
    const key = `chat_id:${randomUUID()}`;
    const [a, b] = [row(key), row(key)];
    await inTransaction(h.deps.db, async (tx) => {
      await outboxRepo.insertOnce(tx, a);
      await outboxRepo.insertOnce(tx, b);
    });
    const due = () => withReader(h.deps.db, (m) => outboxRepo.dueHeads(m, h.clock.now(), 500));
    const head = (await due()).find((r) => r.orderKey === key)!;
    expect(head.uuid).toBe(a.uuid);
    const m = h.deps.db.manager;
    expect(await outboxRepo.claim(m, { id: head.id, leaseOwner: 'r1' }, h.clock.now(), 60_000)).toBe(true);
    expect(await outboxRepo.claim(m, { id: head.id, leaseOwner: 'r2' }, h.clock.now(), 60_000)).toBe(false);
    // Only the lease owner may settle the row.
    await outboxRepo.markSent(m, { id: head.id, leaseOwner: 'r2' }, h.clock.now(), 'om_x');
    expect((await outboxRepo.find(m, a.uuid))?.status).toBe('pending');
    await outboxRepo.markSent(m, { id: head.id, leaseOwner: 'r1' }, h.clock.now(), 'om_x');
    expect((await outboxRepo.find(m, a.uuid))?.feishuMessageId).toBe('om_x');
    expect((await due()).find((r) => r.orderKey === key)?.uuid).toBe(b.uuid);
  });

  it('offers each order key’s head over a long backlog, reading only the heads on MySQL', async () => {
    const run = randomUUID().slice(0, 8);
    const keys = Array.from({ length: 8 }, (_, i) => `chat_id:${run}-${i}`);
    const rows = keys.flatMap((k) => Array.from({ length: 50 }, () => row(k)));
    await inTransaction(h.deps.db, async (tx) => {
      for (const r of rows) await outboxRepo.insertOnce(tx, r);
    });
    const m = h.deps.db.manager;
    const now = h.clock.now();
    const firstOf = (i: number, nth = 0) => rows[i * 50 + nth]!;
    // Key 0's head is leased by a relay, key 1's waits for a retry, key 2's was sent.
    const [l0, l1, l2] = await Promise.all(
      [0, 1, 2].map(async (i) => ({
        id: (await outboxRepo.find(m, firstOf(i).uuid))!.id,
        leaseOwner: `r${i}`,
      })),
    );
    for (const l of [l0!, l1!, l2!]) expect(await outboxRepo.claim(m, l, now, 60_000)).toBe(true);
    await outboxRepo.retryAt(m, l1!, new Date(now.getTime() + 60_000), 'frequency control');
    await outboxRepo.markSent(m, l2!, now, 'om_sent');

    // The server's statistics as they are once it has seen a backlog (InnoDB recomputes them when a tenth of
    // a table's rows changed): the table was near empty when this file's first test ran.
    if (kind === 'mysql') await m.query('ANALYZE TABLE feishu_outbox');
    const { heads, reads } = await inTransaction(h.deps.db, async (tx) => {
      const before = await handlerReads(tx);
      const heads = await outboxRepo.dueHeads(tx, now, 500);
      return { heads, reads: (await handlerReads(tx)) - before };
    });
    const mine = heads.filter((r) => r.orderKey.startsWith(`chat_id:${run}-`));
    // A leased or waiting head holds its key's later rows back; a sent one hands over to the next.
    expect(mine.map((r) => r.uuid)).toEqual(
      [firstOf(2, 1), ...[3, 4, 5, 6, 7].map((i) => firstOf(i))].map((r) => r.uuid),
    );
    if (kind === 'mysql') {
      // 397 pending rows of these keys, and the other tests' few: a dive per key and a row per head, not a
      // read of every pending row (the NOT EXISTS form read 1,304 here).
      expect(reads).toBeLessThan(150);
    }
  });

  it('records an event id once and claims it once', async () => {
    const m = h.deps.db.manager;
    const e = { eventId: `ev-${randomUUID()}`, eventType: 'im.message.receive_v1', source: 'http' as const };
    const fresh = { ...e, payload: { a: 1 }, receivedAt: h.clock.now() };
    expect(await inboxRepo.insertOnce(m, fresh)).toBe(true);
    expect(await inboxRepo.insertOnce(m, fresh)).toBe(false);
    expect((await inboxRepo.claim(m, e.eventId, h.clock.now(), 60_000))?.attempts).toBe(1);
    expect(await inboxRepo.claim(m, e.eventId, h.clock.now(), 60_000)).toBeUndefined();
    await inboxRepo.markDone(m, e.eventId, h.clock.now());
    expect((await inboxRepo.get(m, e.eventId))?.status).toBe('done');
  });

  it.runIf(kind === 'mysql')('holds a named lock on one connection until it is released', async () => {
    if (h.deps.config.database.type !== 'mysql') throw new Error('mysql only');
    const url = h.deps.config.database.url;
    const name = (db: string) => `airgate.test:${db}`;
    const first = await takeNamedLock(url, name, 0);
    expect(first?.name).toMatch(/^airgate\.test:airgate_t_/);
    expect(await takeNamedLock(url, name, 0)).toBeNull();
    await first!.release();
    const second = await takeNamedLock(url, name, 0);
    expect(second).not.toBeNull();
    await second!.release();
  });
});

/** The rows this connection's server has read so far (MySQL; 0 on SQLite, which keeps no such counter). */
async function handlerReads(m: EntityManager): Promise<number> {
  if (m.connection.options.type !== 'mysql' && m.connection.options.type !== 'mariadb') return 0;
  const rows = (await m.query("SHOW SESSION STATUS LIKE 'Handler_read%'")) as Array<{ Value: string }>;
  return rows.reduce((sum, r) => sum + Number(r.Value), 0);
}
