import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isMysql } from '../../db/dataSource.js';
import { takeNamedLock } from '../../db/namedLock.js';
import { DatabaseUnavailableError } from '../ops/waitForDatabase.js';

/** How long a filing waits for the same requester's filing before it gives up (each takes milliseconds). */
const WAIT_SECONDS = 30;

/**
 * Runs `fn` (which opens the filing transaction) while no other filing of `requester` runs, so that its
 * "at most N pending per requester" count cannot be passed by two requests for different sub-accounts.
 *
 * MySQL/MariaDB: a named lock on a connection of its own, taken BEFORE the transaction begins and freed after
 * it has committed: the next holder's transaction (and its REPEATABLE READ snapshot) then starts after the
 * previous filing is visible. Lock order is fixed: this lock first, then the sub-account row inside the
 * transaction; nothing takes this lock while holding a row, so the two cannot deadlock. A waiter holds no
 * row. SQLite: transactions already take turns (one writer at a time), so nothing to add.
 */
export async function withRequesterLock<T>(
  db: DataSource,
  requester: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (!isMysql(db)) return fn();
  const url = (db.options as { url?: string }).url;
  if (!url) throw new Error('MySQL data source without a URL');
  const hash = createHash('sha256').update(requester).digest('hex').slice(0, 16);
  // The hash first: GET_LOCK names are cut at 64 characters, and the database name keeps installs apart.
  const lock = await takeNamedLock(url, (database) => `airgate.request:${hash}:${database}`, WAIT_SECONDS);
  if (!lock) {
    throw new DatabaseUnavailableError({
      reason: 'database_unavailable',
      params: { where: 'requester lock', why: 'busy', seconds: WAIT_SECONDS },
    });
  }
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
