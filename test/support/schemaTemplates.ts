import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createDataSource } from '../../src/db/dataSource.js';
import { testFilesDir } from './files.js';

/**
 * A database migrated once per run, whose schema (and the rows the migrations wrote, the migrations table
 * included) every test database that asks for `migrated` starts from. Running the migrations costs about
 * 3 s per MariaDB database (each ALTER rebuilds a table); creating the finished tables costs a fraction.
 */
export type SchemaTemplates = {
  sqlitePath: string;
  mysql: {
    database: string;
    /** the database's own defaults (a migration changes them), for tables created later */
    charset: string;
    collation: string;
    tables: Array<{ name: string; ddl: string; rows: number }>;
  } | null;
};

export async function buildSchemaTemplates(
  mysqlUrl: string | null,
): Promise<{ templates: SchemaTemplates; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(testFilesDir, 'airgate-template-'));
  const sqlitePath = join(dir, 'template.sqlite');
  await migrate({ type: 'sqlite', path: sqlitePath });
  if (!mysqlUrl) {
    return { templates: { sqlitePath, mysql: null }, drop: async () => rmSync(dir, { recursive: true }) };
  }
  const base = mysqlUrl.replace(/\/$/, '');
  const database = `airgate_tpl_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({ uri: base });
  try {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await migrate({ type: 'mysql', url: `${base}/${database}` });
    const [names] = (await admin.query(
      `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
      [database],
    )) as unknown as [Array<{ name: string; type: string }>];
    if (names.some((t) => t.type !== 'BASE TABLE')) throw new Error('the schema template copies tables only');
    const [[defaults]] = (await admin.query(
      'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [database],
    )) as unknown as [Array<{ charset: string; collation: string }>];
    const tables = [];
    for (const { name } of names) {
      const [[show]] = (await admin.query(`SHOW CREATE TABLE \`${database}\`.\`${name}\``)) as unknown as [
        Array<Record<string, string>>,
      ];
      const [[count]] = (await admin.query(
        `SELECT COUNT(*) AS n FROM \`${database}\`.\`${name}\``,
      )) as unknown as [Array<{ n: number }>];
      // The counter is the template's; a copy's own rows set it again.
      const ddl = show!['Create Table']!.replace(/ AUTO_INCREMENT=\d+/, '');
      tables.push({ name, ddl, rows: Number(count!.n) });
    }
    return {
      templates: { sqlitePath, mysql: { database, ...defaults!, tables } },
      drop: async () => {
        rmSync(dir, { recursive: true, force: true });
        const c = await createConnection({ uri: base });
        await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await c.end();
      },
    };
  } finally {
    await admin.end();
  }
}

async function migrate(config: Parameters<typeof createDataSource>[0]): Promise<void> {
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

/** One multi-statement script that fills the current (empty) database from the MariaDB template, foreign keys included. */
export function mysqlFillScript(template: NonNullable<SchemaTemplates['mysql']>): string {
  const q = (s: string) => `\`${s}\``;
  return [
    `ALTER DATABASE CHARACTER SET ${template.charset} COLLATE ${template.collation}`,
    'SET FOREIGN_KEY_CHECKS = 0',
    ...template.tables.map((t) => t.ddl),
    ...template.tables
      .filter((t) => t.rows > 0)
      .map((t) => `INSERT INTO ${q(t.name)} SELECT * FROM ${q(template.database)}.${q(t.name)}`),
    'SET FOREIGN_KEY_CHECKS = 1',
  ].join(';\n');
}
