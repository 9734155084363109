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
    extra: { connectionLimit: 20, decimalNumbers: false, trace: false },
  };
}

export function createDataSource(db: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(db));
}

export function isMysql(ds: DataSource): boolean {
  return ds.options.type === 'mysql' || ds.options.type === 'mariadb';
}
