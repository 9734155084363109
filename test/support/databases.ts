import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config/loadConfig.js';
import { mysqlCopyScript } from './schemaTemplates.js';

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
  const templates = opts.migrated ? inject('schemaTemplates') : null;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'airgate-test-'));
    if (templates) copyFileSync(templates.sqlitePath, join(dir, 'airgate.sqlite'));
    return {
      kind,
      config: { type: 'sqlite', path: join(dir, 'airgate.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = inject('mysqlUrl');
  if (!base) throw new Error('MySQL is not available in this run');
  const name = `airgate_t_${randomBytes(6).toString('hex')}`;
  if (templates && !templates.mysql) throw new Error('no MySQL schema template in this run');
  const admin = await createConnection({ uri: base, multipleStatements: true });
  try {
    await admin.query(
      templates?.mysql
        ? mysqlCopyScript(templates.mysql, name)
        : `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
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
