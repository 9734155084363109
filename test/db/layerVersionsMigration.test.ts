import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { SpendingLayerVersions1796001500000 } from '../../migrations/1796001500000-SpendingLayerVersions.js';
import { dataSourceOptions } from '../../src/db/dataSource.js';
import { ProjectPause } from '../../src/db/entities/projectPause.js';
import { SpendingBilled } from '../../src/db/entities/spendingBilled.js';
import { SpendingCalibration } from '../../src/db/entities/spendingCalibration.js';
import { SpendingError } from '../../src/db/entities/spendingError.js';
import { SpendingEstimate } from '../../src/db/entities/spendingEstimate.js';
import { layerVersionsRepo } from '../../src/db/repos/layerVersions.js';
import { createTestDatabase, dbKinds } from '../support/databases.js';

describe.each(dbKinds())('the migration to layer counters on %s', (kind) => {
  it('gives a counter to every main account with stored layer rows, and none to the others', async () => {
    const db = await createTestDatabase(kind);
    const before = migrations.filter((m) => m !== SpendingLayerVersions1796001500000);
    expect(before).toHaveLength(migrations.length - 1);
    const old = new DataSource({ ...dataSourceOptions(db.config), migrations: before });
    const now = new Date('2026-05-01T02:00:00.000Z');
    const ids = Object.fromEntries(
      ['estimates', 'billed', 'errors', 'calibrations', 'skipped', 'pending', 'none'].map((k) => [
        k,
        randomUUID(),
      ]),
    );
    try {
      await old.initialize();
      await old.runMigrations({ transaction: 'each' });
      const money = '1.000000';
      await old.getRepository(SpendingEstimate).insert({
        id: randomUUID(),
        accountId: ids['estimates']!,
        projectName: 'web',
        day: '2026-04-30',
        model: 'm',
        estimated: money,
        billedSpan: money,
        arkFinal: money,
        usageAsOf: now,
        updatedAt: now,
      });
      await old.getRepository(SpendingBilled).insert({
        id: randomUUID(),
        accountId: ids['billed']!,
        day: '2026-04-30',
        model: 'm',
        billed: money,
        estimated: money,
        spanUntil: now,
        readAt: now,
      });
      await old.getRepository(SpendingError).insert({
        id: randomUUID(),
        accountId: ids['errors']!,
        projectName: 'web',
        model: 'm',
        estimated: money,
        finalAmount: money,
        lastDay: '2026-04-20',
        updatedAt: now,
      });
      await old.getRepository(SpendingCalibration).insert({
        id: randomUUID(),
        accountId: ids['calibrations']!,
        model: 'm',
        ratio: money,
        estimated: money,
        finalAmount: money,
        lastDay: '2026-04-20',
        updatedAt: now,
      });
      for (const [key, decision] of [
        ['skipped', 'skip'],
        ['pending', null],
      ] as const)
        await old.getRepository(ProjectPause).insert({
          id: randomUUID(),
          projectId: randomUUID(),
          subAccountId: randomUUID(),
          accountId: ids[key]!,
          projectName: 'web',
          pausedAt: now,
          resumedAt: decision ? now : null,
          decision,
          skipFrom: decision ? '2026-04-30' : null,
          skipTo: decision ? '2026-04-30' : null,
        });
    } finally {
      await old.destroy();
    }
    const all = new DataSource({ ...dataSourceOptions(db.config), migrations });
    try {
      await all.initialize();
      expect(await all.runMigrations({ transaction: 'each' })).toHaveLength(1);
      const versions = Object.fromEntries(
        await Promise.all(
          Object.entries(ids).map(
            async ([k, id]) => [k, await layerVersionsRepo.versionOf(all.manager, id)] as const,
          ),
        ),
      );
      expect(versions).toEqual({
        estimates: 1,
        billed: 1,
        errors: 1,
        calibrations: 1,
        skipped: 1,
        pending: null,
        none: null,
      });
    } finally {
      await all.destroy();
      await db.drop();
    }
  });
});
