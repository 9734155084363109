import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { scrubString } from '../log/redact.js';

export type ProbeFailure = { code: string; message: string };

/**
 * One connection and `SELECT 1`; undefined when it worked, else the driver's error code and message
 * (no secret: mysql2 never echoes the password, and the message is scrubbed anyway).
 */
export async function probeMysql(url: string, connectTimeout: number): Promise<ProbeFailure | undefined> {
  try {
    const conn = await createConnection({ uri: url, connectTimeout });
    try {
      await conn.query('SELECT 1');
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
    return undefined;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'error';
    const message = typeof e.message === 'string' ? e.message : String(err);
    return { code, message: scrubString(message).slice(0, 300) };
  }
}

/** One round trip on the pool: throws when the database does not answer. */
export async function pingDatabase(db: DataSource): Promise<void> {
  if (!db.isInitialized) throw new Error('not connected');
  await db.query('SELECT 1');
}

/** The migrations this build knows that the database has not run yet, in order. */
export async function pendingMigrations(db: DataSource): Promise<string[]> {
  const runner = db.createQueryRunner();
  try {
    const table = db.options.migrationsTableName ?? 'migrations';
    const executed = (await runner.hasTable(table))
      ? new Set((await runner.query(`SELECT name FROM ${table}`)).map((r: { name: string }) => r.name))
      : new Set<string>();
    return db.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !executed.has(name));
  } finally {
    await runner.release();
  }
}
