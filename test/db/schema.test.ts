import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { CoreSchema1795570481588 } from '../../migrations/1795570481588-CoreSchema.js';
import { createDataSource, dataSourceOptions } from '../../src/db/dataSource.js';
import { SubAccount } from '../../src/db/entities/subAccount.js';
import { VolcAccount } from '../../src/db/entities/volcAccount.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

describe.each(dbKinds())('schema on %s', (kind) => {
  let tdb: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    ds = createDataSource(tdb.config);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await tdb?.drop();
  });

  it('creates every table and round-trips money, booleans, JSON and UTC times exactly', async () => {
    const now = new Date('2026-03-31T16:00:00.123Z');
    const accountId = randomUUID();
    await ds.getRepository(VolcAccount).insert({
      id: accountId,
      name: 'main',
      source: 'db',
      accessKeyId: 'AKLT1',
      secretSealed: null,
      region: 'cn-beijing',
      endpoint: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const id = randomUUID();
    await ds.getRepository(SubAccount).insert({
      id,
      accountId,
      userName: 'alice',
      displayName: '爱丽丝',
      volcUserId: null,
      volcTrn: null,
      status: 'active',
      disabledReason: null,
      disabledAt: null,
      disabledKeys: ['AKLTa', 'AKLTb'],
      loginDisabled: true,
      reenableRequestedAt: null,
      ownerOpenId: null,
      thresholds: [60, 95],
      alertEpoch: 0,
      alertedStep: null,
      earlyWarned: false,
      balance: '12345678901234.000001',
      lastSeq: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const row = await ds.getRepository(SubAccount).findOneByOrFail({ id });
    expect(row.balance).toBe('12345678901234.000001');
    expect(row.loginDisabled).toBe(true);
    expect(row.earlyWarned).toBe(false);
    expect(row.disabledKeys).toEqual(['AKLTa', 'AKLTb']);
    expect(row.thresholds).toEqual([60, 95]);
    expect(row.createdAt.toISOString()).toBe(now.toISOString());
    expect(row.displayName).toBe('爱丽丝');
  });

  it('refuses a second sub-account with the same user name in one account', async () => {
    const [first] = await ds.getRepository(SubAccount).find();
    await expect(ds.getRepository(SubAccount).insert({ ...first!, id: randomUUID() })).rejects.toThrow();
  });

  it('can be rolled back and applied again', async () => {
    // Only this migration, on a database of its own: later migrations may build on its tables.
    const own = await createTestDatabase(kind);
    const only = new DataSource({ ...dataSourceOptions(own.config), migrations: [CoreSchema1795570481588] });
    try {
      await only.initialize();
      await only.runMigrations({ transaction: 'each' });
      const qr = only.createQueryRunner();
      expect(await qr.hasTable('ledger_entries')).toBe(true);
      await only.undoLastMigration({ transaction: 'each' });
      expect(await qr.hasTable('ledger_entries')).toBe(false);
      expect(await qr.hasTable('volc_accounts')).toBe(false);
      await only.runMigrations({ transaction: 'each' });
      expect(await qr.hasTable('ledger_entries')).toBe(true);
      await qr.release();
    } finally {
      await only.destroy();
      await own.drop();
    }
  });
});
