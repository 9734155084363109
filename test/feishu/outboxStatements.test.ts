import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { createDataSource } from '../../src/db/dataSource.js';
import { FeishuOutbox, type OutboxMessage } from '../../src/feishu/outbox.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

const message = (text: string): OutboxMessage => ({
  kind: 'send',
  receiveIdType: 'chat_id',
  receiveId: 'oc_statements',
  body: { text },
});

/** The statements `ds` sends from now on, as TypeORM reports them, without the transaction's own. */
function recordStatements(ds: DataSource): string[] {
  const seen: string[] = [];
  const logger: TypeOrmLogger = {
    logQuery: (query) => void seen.push(query),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  Object.assign(ds, { logger });
  return seen;
}
const work = (seen: string[]) =>
  seen.filter((q) => !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(q.trim()));

// Every reply, card and notice the bot sends is one outbox row written in its cause's transaction: the
// write is on the path of every event, so it costs one statement.
describe.each(dbKinds())('enqueueing a message on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource;
  const outbox = new FeishuOutbox({ now: () => new Date() });
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = createDataSource(db.config);
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('is one INSERT, with a dedupe key or without (nothing read before or after)', async () => {
    const seen = recordStatements(ds);
    const keyed = await ds.transaction((tx) => outbox.enqueue(tx, message('keyed'), { dedupeKey: 'st-1' }));
    expect(keyed.duplicate).toBe(false);
    expect(work(seen)).toHaveLength(1);
    expect(work(seen)[0]).toMatch(/^INSERT INTO\b/i);
    seen.length = 0;
    await ds.transaction((tx) => outbox.enqueue(tx, message('plain')));
    expect(work(seen)).toHaveLength(1);
  });

  it('a second enqueue of a key returns the first uuid and leaves the transaction usable', async () => {
    const first = await ds.transaction((tx) => outbox.enqueue(tx, message('one'), { dedupeKey: 'st-2' }));
    const [again, other] = await ds.transaction(async (tx) => [
      await outbox.enqueue(tx, message('one again'), { dedupeKey: 'st-2' }),
      await outbox.enqueue(tx, message('after it'), { dedupeKey: 'st-3' }),
    ]);
    expect(again).toEqual({ uuid: first.uuid, duplicate: true });
    expect(other!.duplicate).toBe(false);
    const rows = await ds.getRepository(FeishuOutboxMessage).find({ order: { id: 'ASC' } });
    const texts = rows.map((r) => (r.payload as { body: { text: string } }).body.text);
    expect(texts).toContain('one');
    expect(texts).toContain('after it');
    expect(texts).not.toContain('one again');
  });
});
