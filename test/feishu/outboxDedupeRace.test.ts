import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { createDataSource } from '../../src/db/dataSource.js';
import { FeishuOutbox, type OutboxMessage } from '../../src/feishu/outbox.js';
import type { DataSource } from 'typeorm';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

const message: OutboxMessage = {
  kind: 'send',
  receiveIdType: 'chat_id',
  receiveId: 'oc_race',
  body: { text: 'once' },
};

// Two writers enqueue one dedupe key at the same time on MariaDB (REPEATABLE READ): the loser's snapshot
// predates the winner's commit, yet it must learn of the winner's row and report a duplicate.
describe.runIf(dbKinds().includes('mysql'))('outbox dedupe race on MariaDB', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase('mysql');
    ds = createDataSource(db.config);
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the loser of the race gets the winner’s uuid, not an error', async () => {
    const outbox = new FeishuOutbox({ now: () => new Date() });
    const loser = ds.createQueryRunner();
    await loser.connect();
    await loser.startTransaction('REPEATABLE READ');
    try {
      // The loser's snapshot is taken here, before the winner inserts.
      expect(await loser.manager.count(FeishuOutboxMessage)).toBe(0);
      const won = await ds.transaction((tx) => outbox.enqueue(tx, message, { dedupeKey: 'race-1' }));
      expect(won.duplicate).toBe(false);
      const lost = await outbox.enqueue(loser.manager, message, { dedupeKey: 'race-1' });
      expect(lost).toEqual({ uuid: won.uuid, duplicate: true });
      await loser.commitTransaction();
    } finally {
      if (loser.isTransactionActive) await loser.rollbackTransaction();
      await loser.release();
    }
    expect(await ds.manager.count(FeishuOutboxMessage)).toBe(1);
  });
});
