import { afterAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/dataSource.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, dbKinds, type DbKind, type TestDatabase } from '../support/databases.js';

/**
 * Everything a test could tell apart: the database's defaults, each table's definition and every row the
 * migrations wrote.
 */
async function describeSchema(ds: DataSource, kind: DbKind): Promise<unknown> {
  const tables =
    kind === 'sqlite'
      ? ((await ds.query(
          "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )) as Array<{ name: string; sql: string | null }>)
      : await Promise.all(
          ((await ds.query('SHOW TABLES')) as Array<Record<string, string>>)
            .map((r) => Object.values(r)[0]!)
            .sort()
            .map(async (name) => {
              const [row] = (await ds.query(`SHOW CREATE TABLE \`${name}\``)) as Array<
                Record<string, string>
              >;
              return { name, sql: row!['Create Table']!.replace(/ AUTO_INCREMENT=\d+/, '') };
            }),
        );
  const defaults =
    kind === 'sqlite'
      ? null
      : await ds.query(
          'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()',
        );
  const rows: Record<string, unknown> = {};
  for (const t of tables) {
    if (kind === 'sqlite' && !/^CREATE TABLE/i.test(t.sql ?? '')) continue;
    rows[t.name] = await ds.query(`SELECT * FROM ${kind === 'sqlite' ? `"${t.name}"` : `\`${t.name}\``}`);
  }
  return { defaults, tables, rows };
}

describe.each(dbKinds())('a database copied from the migrated template on %s', (kind) => {
  const opened: Array<{ db: TestDatabase; ds: DataSource }> = [];
  const open = async (migrated: boolean) => {
    const db = await createTestDatabase(kind, { migrated });
    const ds = createDataSource(db.config);
    await ds.initialize();
    opened.push({ db, ds });
    return ds;
  };
  afterAll(async () => {
    for (const { db, ds } of opened) {
      await ds.destroy();
      await db.drop();
    }
  });

  // SHOW CREATE TABLE and sqlite_master carry the indexes and foreign keys too.
  it('is what running every migration on an empty database gives, and has nothing left to migrate', async () => {
    const fresh = await open(false);
    expect(await fresh.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
    const copy = await open(true);
    expect(await copy.runMigrations({ transaction: 'each' })).toEqual([]);
    expect(await describeSchema(copy, kind)).toEqual(await describeSchema(fresh, kind));
  });
});
