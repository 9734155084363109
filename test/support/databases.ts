import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config/loadConfig.js';

export type DbKind = 'sqlite' | 'mysql';

/** The databases this run tests against: SQLite always, MySQL/MariaDB when reachable (always on CI). */
export function dbKinds(): DbKind[] {
  return inject('mysqlUrl') ? ['sqlite', 'mysql'] : ['sqlite'];
}

export type TestDatabase = { kind: DbKind; config: DatabaseConfig; drop: () => Promise<void> };

/** A fresh, empty database of the given kind, private to the caller. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'airgate-test-'));
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
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
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
