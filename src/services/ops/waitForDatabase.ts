import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseConfig } from '../../config/loadConfig.js';
import { AppError } from '../../errors.js';
import { probeMysql } from '../../db/probe.js';
import { describeDatabase } from './describeDatabase.js';

export class DatabaseUnavailableError extends AppError {
  readonly code = 'database_unavailable';
}

export type WaitOptions = {
  /** Give up after this long (0: one attempt). */
  timeoutMs: number;
  intervalMs?: number;
  /** Called after each failed attempt with the reason (for a progress line). */
  onRetry?: (reason: string) => void;
};

/**
 * Waits until the database accepts a connection and answers a query: a container starting next to a
 * fresh MySQL waits for it instead of crashing (MySQL refuses TCP while it initializes, and the
 * database and user only exist once that is done). SQLite has nothing to wait for.
 */
export async function waitForDatabase(db: DatabaseConfig, opts: WaitOptions): Promise<void> {
  if (db.type === 'sqlite') return;
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const reason = await tryOnce(db.url, Math.max(1000, Math.min(5000, opts.timeoutMs)));
    if (reason === undefined) return;
    if (Date.now() >= deadline) {
      throw new DatabaseUnavailableError({
        reason: 'database_unavailable',
        params: { where: describeDatabase(db), why: reason, seconds: Math.round(opts.timeoutMs / 1000) },
      });
    }
    opts.onRetry?.(reason);
    await sleep(Math.min(opts.intervalMs ?? 1000, Math.max(0, deadline - Date.now())));
  }
}

/** undefined when the database answered, else why not (no secret: mysql2 never echoes the password). */
async function tryOnce(url: string, connectTimeout: number): Promise<string | undefined> {
  const failure = await probeMysql(url, connectTimeout);
  return failure && `${failure.code}: ${failure.message}`;
}

export { probeMysql, type ProbeFailure } from '../../db/probe.js';
