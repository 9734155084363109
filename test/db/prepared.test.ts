import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryFailedError } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { findWhere, hydrate, preparedRead } from '../../src/db/prepared.js';
import { Member } from '../../src/db/entities/member.js';
import { SubAccount } from '../../src/db/entities/subAccount.js';
import { SubAccountProject } from '../../src/db/entities/subAccountProject.js';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { outboxRepo } from '../../src/db/repos/outbox.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { recordPrepared, recordStatements } from '../support/statements.js';
import { givenAccount, givenSubAccount, openHarness, type Harness } from '../services/harness.js';
import { givenKey } from '../api/support.js';

describe.each(dbKinds())('preparedRead on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it.runIf(kind === 'mysql')(
    'sends the read as a prepared statement on MySQL (parsed once per connection, not on every call)',
    async () => {
      const prepared = await recordPrepared(h.deps.db);
      try {
        for (let i = 0; i < 3; i++)
          await withReader(h.deps.db, (m) => preparedRead(m, 'SELECT ? + 1 AS n', [i]));
        await inTransaction(h.deps.db, (tx) => preparedRead(tx, 'SELECT ? + 2 AS n', [0]));
      } finally {
        prepared.stop();
      }
      expect(prepared.texts).toEqual([...Array(3).fill('SELECT ? + 1 AS n'), 'SELECT ? + 2 AS n']);
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

  it('finds what a repository find returns: the same entities, in the same order', async () => {
    const accountId = await givenAccount(h.deps, `fw-${randomUUID().slice(0, 6)}`);
    const sub = await givenSubAccount(h.deps, {
      accountId,
      userName: `fw-${randomUUID().slice(0, 8)}`,
      projects: { zeta: '1.5', Alpha: '2', beta: '0.000001' },
    });
    const openId = `ou_fw_${randomUUID().replace(/-/g, '')}`;
    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.members.insert(tx, { openId, name: '方', roles: ['admin', 'lead'] }, h.clock.now()),
    );
    const m = h.deps.db.manager;
    expect(
      await findWhere(m, SubAccountProject, { subAccountId: sub.id }, { order: [['projectName', 'ASC']] }),
    ).toEqual(
      await m
        .getRepository(SubAccountProject)
        .find({ where: { subAccountId: sub.id }, order: { projectName: 'ASC' } }),
    );
    expect(
      await findWhere(m, SubAccount, { userName: sub.userName }, { order: [['createdAt', 'ASC']] }),
    ).toEqual(
      await m
        .getRepository(SubAccount)
        .find({ where: { userName: sub.userName }, order: { createdAt: 'ASC' } }),
    );
    const [member] = await findWhere(m, Member, { openId }, { limit: 1 });
    expect(member).toEqual(await m.getRepository(Member).findOneBy({ openId }));
    expect(member!.roles).toEqual(['admin', 'lead']);
    expect(await findWhere(m, Member, { openId: 'ou_nobody' }, { limit: 1 })).toEqual([]);
  });

  it.runIf(kind === 'mysql')(
    'prepares the reads every Feishu event makes: its sender, the sub-account by name, its projects, the settings',
    async () => {
      const sub = await givenSubAccount(h.deps, {
        userName: `ev-${randomUUID().slice(0, 8)}`,
        projects: { p: '1' },
      });
      const m = h.deps.db.manager;
      const prepared = await recordPrepared(h.deps.db);
      try {
        await h.deps.repos.members.findByOpenId(m, 'ou_nobody');
        await h.deps.repos.subAccounts.findByName(m, sub.userName);
        await h.deps.repos.subAccounts.findById(m, sub.id);
        await h.deps.repos.projects.listBySubAccount(m, sub.id);
        await inTransaction(h.deps.db, (tx) => h.deps.repos.settings.all(tx));
      } finally {
        prepared.stop();
      }
      const tables = prepared.texts.map((t) => /^SELECT \* FROM `(\w+)`/.exec(t)?.[1]);
      expect(tables).toEqual(['members', 'sub_accounts', 'sub_accounts', 'sub_account_projects', 'settings']);
    },
  );

  it.runIf(kind === 'mysql')(
    'sends the statement as text when the server will not prepare it (max_prepared_stmt_count reached)',
    async () => {
      const pool = (h.deps.db.driver as unknown as { pool: object }).pool;
      // The real pool (a text query still gets a connection from it) refusing to prepare.
      const refusing = Object.assign(Object.create(pool) as object, {
        execute: (_sql: string, _args: unknown[], cb: (err: Error | null) => void) =>
          cb(
            Object.assign(new Error("Can't create more than max_prepared_stmt_count statements"), {
              errno: 1461,
            }),
          ),
      });
      // A manager whose data source's pool refuses (EntityManager.connection reads `dataSource`).
      const ds = Object.assign(Object.create(h.deps.db) as typeof h.deps.db, {
        driver: Object.assign(Object.create(h.deps.db.driver) as object, { pool: refusing }),
      });
      const manager = Object.assign(Object.create(h.deps.db.manager) as typeof h.deps.db.manager, {
        dataSource: ds,
        queryRunner: undefined,
      });
      const rows = await preparedRead(manager, 'SELECT ? + 1 AS n', [41]);
      expect(rows.map((r) => Number(r['n']))).toEqual([42]);
    },
  );
});
