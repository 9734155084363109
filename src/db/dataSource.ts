import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/loadConfig.js';
import { entities } from './entities/index.js';
import { migrations } from '../../migrations/index.js';

/**
 * The one DataSource factory, for MySQL/MariaDB (production) and SQLite via better-sqlite3 (the
 * embedded default). Times are UTC on both; DECIMAL comes back from mysql2 as a string so money never
 * passes through a JavaScript number. Schema changes go through migrations only (no synchronize).
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      prepareDatabase: (conn: { pragma: (s: string) => unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: db.url,
    timezone: 'Z',
    // Binary like the columns (migration BinaryCollation): names, keys and ids compare byte for byte.
    charset: 'utf8mb4_bin',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: false,
    // trace: false — mysql2 otherwise captures a stack trace for every query (3 % of a loaded server's CPU
    // in profiles); TypeORM throws its own QueryFailedError, whose async stack names the caller anyway.
    // maxPreparedStatements: the statements each connection keeps prepared (prepared.ts sends a few
    // fixed texts); mysql2's default, 16,000 per connection, could exceed MariaDB's server-wide limit
    // (max_prepared_stmt_count, 16,382) with a few connections, and the oldest is closed beyond it.
    extra: { connectionLimit: 20, decimalNumbers: false, trace: false, maxPreparedStatements: 64 },
  };
}

export function createDataSource(db: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(db));
}

/** Connections a server opens before it listens (of the pool's 20). */
export const WARM_CONNECTIONS = 8;

type PoolLike = {
  getConnection(cb: (err: Error | null, conn?: { release(): void }) => void): void;
};

/**
 * Opens `count` of the pool's connections and hands them back, so that a server's first burst of requests
 * does not wait for connections opened one at a time under that load (mysql2 opens them on demand; a
 * MariaDB handshake on a busy machine took 100–250 ms in the two-server bench). Idle connections stay in
 * the pool (maxIdle defaults to the pool's size). No-op on SQLite. A failure is left to the first query.
 */
export async function warmPool(ds: DataSource, count = WARM_CONNECTIONS): Promise<number> {
  const pool = isMysql(ds) ? (ds.driver as unknown as { pool?: PoolLike }).pool : undefined;
  if (!pool) return 0;
  const taken = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<{ release(): void } | undefined>((resolve) =>
          pool.getConnection((err, conn) => resolve(err ? undefined : conn)),
        ),
    ),
  );
  for (const c of taken) c?.release();
  return taken.filter(Boolean).length;
}

export function isMysql(ds: DataSource): boolean {
  return ds.options.type === 'mysql' || ds.options.type === 'mariadb';
}
