import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config/loadConfig.js';
import { testFilesDir } from './files.js';
import { mysqlFillScript, type SchemaTemplates } from './schemaTemplates.js';

export type DbKind = 'sqlite' | 'mysql';

/** The databases this run tests against: SQLite always, MySQL/MariaDB when reachable (always on CI). */
export function dbKinds(): DbKind[] {
  return inject('mysqlUrl') ? ['sqlite', 'mysql'] : ['sqlite'];
}

export type TestDatabase = { kind: DbKind; config: DatabaseConfig; drop: () => Promise<void> };

/**
 * A fresh database of the given kind, private to the caller: empty, or with `migrated` a copy of the
 * run's template, migrated once in globalSetup (the schema, the migrations table and any rows the
 * migrations wrote), so that running the migrations on it again is a no-op.
 */
export async function createTestDatabase(
  kind: DbKind,
  opts: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const db = await createEmpty(kind);
  if (opts.migrated) await fillFromTemplate(db.config);
  return db;
}

/**
 * Gives a database that has no tables yet the schema and rows of the run's migrated template (then
 * running the migrations finds nothing to do); a database that has tables is left alone.
 */
export async function fillFromTemplate(config: DatabaseConfig): Promise<void> {
  const templates = runTemplates();
  // Outside a vitest run (the benches) there is no template: the migrations run in full, as they would.
  if (!templates) return;
  if (config.type === 'sqlite') {
    if (config.path === ':memory:' || existsSync(config.path)) return;
    mkdirSync(dirname(config.path), { recursive: true });
    copyFileSync(templates.sqlitePath, config.path);
    return;
  }
  if (!templates.mysql) return;
  const conn = await createConnection({ uri: config.url, multipleStatements: true });
  try {
    const [[row]] = (await conn.query(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    )) as unknown as [Array<{ n: number | string }>];
    if (Number(row!.n) === 0) await conn.query(mysqlFillScript(templates.mysql));
  } finally {
    await conn.end();
  }
}

function runTemplates(): SchemaTemplates | undefined {
  try {
    return inject('schemaTemplates');
  } catch {
    return undefined;
  }
}

async function createEmpty(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(testFilesDir, 'airgate-test-'));
    return {
      kind,
      config: { type: 'sqlite', path: join(dir, 'airgate.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = inject('mysqlUrl');
  if (!base) throw new Error('MySQL is not available in this run');
  const name = `airgate_t_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({ uri: base });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  return {
    kind,
    config: { type: 'mysql', url: `${base.replace(/\/$/, '')}/${name}` },
    drop: async () => {
      const c = await createConnection({ uri: base });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
