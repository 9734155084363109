import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryFailedError } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { hydrate, preparedRead } from '../../src/db/prepared.js';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { outboxRepo } from '../../src/db/repos/outbox.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { openHarness, type Harness } from '../services/harness.js';
import { givenKey } from '../api/support.js';

describe.each(dbKinds())('preparedRead on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  const executed = async (): Promise<number> => {
    const [row] = (await h.deps.db.query(
      "SELECT VARIABLE_VALUE AS n FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'",
    )) as Array<{ n: string }>;
    return Number(row!.n);
  };

  it.runIf(kind === 'mysql')(
    'sends the read as a prepared statement on MySQL (parsed once per connection, not on every call)',
    async () => {
      const before = await executed();
      for (let i = 0; i < 5; i++)
        await withReader(h.deps.db, (m) => preparedRead(m, 'SELECT ? + 1 AS n', [i]));
      expect((await executed()) - before).toBeGreaterThanOrEqual(5);
    },
  );

  it('answers the same rows as a text query of the same statement (dates, decimals, JSON, NULLs)', async () => {
    const { id } = await givenKey(h.deps, ['read']);
    const sql = `SELECT k.*, CAST(? AS DECIMAL(20,6)) AS amount, 1 AS one, NULL AS absent
      FROM api_keys k WHERE k.id = ?`;
    const args = ['12.345600', id];
    const prepared = await withReader(h.deps.db, (m) => preparedRead(m, sql, args));
    const text = (await h.deps.db.query(sql, args)) as unknown[];
    expect(prepared).toHaveLength(1);
    expect(prepared).toEqual(text);
    expect(prepared[0]!['id']).toBe(id);
    if (kind === 'mysql') expect(prepared[0]!['created_at']).toBeInstanceOf(Date);
  });

  it('sends undefined as NULL, as a text query would', async () => {
    const rows = await withReader(h.deps.db, (m) => preparedRead(m, 'SELECT ? IS NULL AS none', [undefined]));
    expect(Number(rows[0]!['none'])).toBe(1);
  });

  it("reads inside a transaction on the transaction's own connection: it sees the transaction's writes", async () => {
    const seen = await inTransaction(h.deps.db, async (tx) => {
      await tx.query(
        "INSERT INTO settings (`key`, value, updated_by, updated_at) VALUES ('prepared-read-probe', '1', 'test', ?)",
        ['2026-01-01 00:00:00'],
      );
      return preparedRead(tx, "SELECT value FROM settings WHERE `key` = 'prepared-read-probe'", []);
    });
    expect(seen).toHaveLength(1);
    await h.deps.db.query("DELETE FROM settings WHERE `key` = 'prepared-read-probe'");
  });

  it("is told to TypeORM's logger, and fails as TypeORM's QueryFailedError", async () => {
    const seen = recordStatements(h.deps.db);
    await withReader(h.deps.db, (m) => preparedRead(m, 'SELECT 1 AS one', []));
    expect(seen).toContain('SELECT 1 AS one');
    await expect(
      withReader(h.deps.db, (m) => preparedRead(m, 'SELECT * FROM no_such_table_here', [])),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('hydrates a raw row into the entity a repository would find (transformers, dates, ids)', async () => {
    const uuid = randomUUID();
    const now = new Date('2026-12-06T01:02:03.456Z');
    await inTransaction(h.deps.db, (tx) =>
      outboxRepo.insertOnce(tx, {
        uuid,
        dedupeKey: `hy-${uuid}`,
        orderKey: `chat_id:${uuid}`,
        kind: 'send',
        payload: { kind: 'send', receiveIdType: 'chat_id', receiveId: 'oc_x', body: { text: '你好' } },
        now,
      }),
    );
    const found = await h.deps.db.getRepository(FeishuOutboxMessage).findOneByOrFail({ uuid });
    const [raw] = await withReader(h.deps.db, (m) =>
      preparedRead(m, 'SELECT * FROM feishu_outbox WHERE uuid = ?', [uuid]),
    );
    const hydrated = hydrate(h.deps.db.manager, FeishuOutboxMessage, raw!);
    expect({ ...hydrated, id: String(hydrated.id) }).toEqual({ ...found, id: String(found.id) });
    expect(hydrated.createdAt).toEqual(now);
    expect(hydrated.payload).toEqual({
      kind: 'send',
      receiveIdType: 'chat_id',
      receiveId: 'oc_x',
      body: { text: '你好' },
    });
  });
});
