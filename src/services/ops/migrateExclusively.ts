import type { Deps } from '../../deps.js';
import { isMysql } from '../../db/dataSource.js';
import { takeNamedLock } from '../../db/namedLock.js';
import { ConflictError } from '../../errors.js';

const MIGRATION_LOCK = 'airgate.migrate';

/**
 * Runs the pending migrations, one process at a time: several replicas starting together each try, the
 * first migrates under a named lock and the others then find nothing to do. (MySQL commits every DDL
 * statement, so a migration's transaction alone cannot keep two runners apart.) SQLite is one process.
 */
export async function migrateExclusively(
  deps: Pick<Deps, 'db' | 'config'>,
  opts: { waitSeconds?: number } = {},
): Promise<string[]> {
  if (!deps.db.isInitialized) await deps.db.initialize();
  const run = async () => (await deps.db.runMigrations({ transaction: 'each' })).map((m) => m.name);
  if (!isMysql(deps.db) || deps.config.database.type !== 'mysql') return run();
  // The lock belongs to a connection: one of its own, never a pooled one.
  const lock = await takeNamedLock(deps.config.database.url, MIGRATION_LOCK, opts.waitSeconds ?? 600);
  if (!lock) {
    throw new ConflictError({
      reason: 'migration_lock_timeout',
      params: { seconds: opts.waitSeconds ?? 600 },
    });
  }
  try {
    return await run();
  } finally {
    await lock.release();
  }
}
