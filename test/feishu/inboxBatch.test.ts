import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/dataSource.js';
import { FeishuInbox } from '../../src/feishu/inbox.js';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { recordStatements } from '../support/statements.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

const delivery = (eventId: string) => ({
  eventId,
  eventType: 'im.message.receive_v1',
  source: 'http' as const,
  payload: { event_id: eventId, message: { content: '{"text":"ping"}' } },
  claimUntil: new Date(Date.now() + 60_000),
});

describe.each(dbKinds())('deliveries stored together on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource;
  let inbox: FeishuInbox;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = createDataSource(db.config);
    await ds.initialize();
    await ds.runMigrations();
    inbox = new FeishuInbox(ds, { now: () => new Date() });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  // The inserts sent from now on, as TypeORM's logger sees them (whichever manager sends them).
  const inserts = () => {
    const seen = recordStatements(ds, (sql) => sql.startsWith('INSERT INTO feishu_inbox_events'));
    return () => seen.length;
  };

  it('stores a burst of deliveries in fewer statements than deliveries, each answered once stored', async () => {
    const count = inserts();
    const ids = Array.from({ length: 40 }, (_, i) => `${kind}-burst-${Date.now()}-${i}`);
    const fresh = await Promise.all(ids.map((id) => inbox.record(delivery(id))));
    expect(fresh).toEqual(ids.map(() => true));
    expect(count()).toBeLessThan(ids.length);
    for (const id of ids) expect((await inbox.get(id))?.status).toBe('processing');
  });

  it('tells a redelivery in a burst apart, whether stored before or twice in the same burst', async () => {
    const stamp = `${kind}-dup-${Date.now()}`;
    expect(await inbox.record(delivery(`${stamp}-old`))).toBe(true);
    const burst = [`${stamp}-a`, `${stamp}-old`, `${stamp}-b`, `${stamp}-b`, `${stamp}-c`];
    const fresh = await Promise.all(burst.map((id) => inbox.record(delivery(id))));
    // a and c are new, old was stored before; of the two b's exactly one is new (which one depends on which
    // batch each joined: both answers are right, a second "new" would process b twice).
    expect([fresh[0], fresh[1], fresh[4]]).toEqual([true, false, true]);
    expect([fresh[2], fresh[3]].filter(Boolean)).toHaveLength(1);
    for (const id of [`${stamp}-a`, `${stamp}-b`, `${stamp}-c`])
      expect((await inbox.get(id))?.eventType).toBe('im.message.receive_v1');
  });

  it('records a key claimed twice in this process once: the second is the duplicate, without an insert of its own', async () => {
    const count = inserts();
    const key = `${kind}-twice-${Date.now()}`;
    const fresh = await Promise.all([inbox.record(delivery(key)), inbox.record(delivery(key))]);
    expect(fresh).toEqual([true, false]);
    expect(count()).toBe(1);
  });

  it('stores a key another process stored first alone, so that the deliveries arriving with it are not held up by its failure', async () => {
    const stamp = `${kind}-alone-${Date.now()}`;
    // The other approver's click, answered by another process, has stored the job's key.
    const otherProcess = new FeishuInbox(ds, { now: () => new Date() });
    expect(await otherProcess.record(delivery(`${stamp}-job`), { alone: true })).toBe(true);
    const count = inserts();
    const ids = Array.from({ length: 5 }, (_, i) => `${stamp}-${i}`);
    const [claimed, ...fresh] = await Promise.all([
      inbox.record(delivery(`${stamp}-job`), { alone: true }),
      ...ids.map((id) => inbox.record(delivery(id))),
    ]);
    expect(claimed).toBe(false);
    expect(fresh).toEqual(ids.map(() => true));
    // The five deliveries in one statement (two at most, as batches go), the key in its own; in one batch
    // with the key they would all have failed and been inserted again one by one.
    expect(count()).toBeLessThanOrEqual(3);
  });

  /** Runs `work` while a use case's transaction of this process is open, then refuses (rolls back) it. */
  async function besideRefused<T>(work: () => Promise<T>): Promise<T> {
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => (open = r));
    const refused = inTransaction(ds, async (tx) => {
      await tx.query('SELECT 1');
      await gate;
      throw new Error('refused');
    });
    const result = work();
    await new Promise((r) => setTimeout(r, 20));
    open();
    await expect(refused).rejects.toThrow('refused');
    return result;
  }

  it('keeps an event stored while another transaction of this process rolls back (SQLite shares one connection)', async () => {
    const id = `${kind}-beside-${Date.now()}`;
    const fresh = await besideRefused(() =>
      Promise.all([inbox.record(delivery(id)), inbox.record(delivery(`${id}-job`), { alone: true })]),
    );
    expect(fresh).toEqual([true, true]);
    expect(await inbox.get(id)).not.toBeNull();
    expect(await inbox.get(`${id}-job`)).not.toBeNull();
    // A done-mark made while such a transaction is open is not rolled back with it either.
    await besideRefused(() => inbox.done(id));
    expect((await inbox.get(id))?.status).toBe('done');
  });

  it('fails only the delivery that cannot be stored; the others of its burst are stored', async () => {
    const stamp = `${kind}-bad-${Date.now()}`;
    const bad = { ...delivery(`${stamp}-bad`), eventType: null as unknown as string };
    const results = await Promise.allSettled([
      inbox.record(delivery(`${stamp}-1`)),
      inbox.record(bad),
      inbox.record(delivery(`${stamp}-2`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await inbox.get(`${stamp}-1`)).not.toBeNull();
    expect(await inbox.get(`${stamp}-2`)).not.toBeNull();
    expect(await inbox.get(`${stamp}-bad`)).toBeNull();
  });
});
