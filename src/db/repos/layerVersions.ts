import type { EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { preparedRead, preparedWrite } from '../prepared.js';
import { lastInTransaction } from './transaction.js';

const RAISE_MYSQL = `INSERT INTO spending_layer_versions (account_id, version) VALUES (?, 1)
ON DUPLICATE KEY UPDATE version = version + 1`;
const RAISE_SQLITE = `INSERT INTO spending_layer_versions (account_id, version) VALUES (?, 1)
ON CONFLICT (account_id) DO UPDATE SET version = version + 1`;
const READ = 'SELECT version FROM spending_layer_versions WHERE account_id = ?';

/**
 * The counter of each main account's stored spending layers (spending_layer_versions). Every write of
 * the rows the stored layers are computed from (estimates, billed rows, errors, calibrations, paused
 * days) calls `changed` with the same manager once its rows are written, so the counter moves in the same
 * transaction as the rows (outside a transaction, after them): a reader that reads the counter and then
 * the rows may keep what it computed under the counter it read (services/spending/cachedLayers.ts), since
 * rows it read later can only be newer. In a transaction the raise is its last statement
 * (lastInTransaction): the counter's row lock is held only for the commit.
 */
export const layerVersionsRepo = {
  async changed(m: EntityManager, accountIds: Iterable<string>): Promise<void> {
    const sql = isMysql(m.connection) ? RAISE_MYSQL : RAISE_SQLITE;
    for (const accountId of new Set(accountIds))
      await lastInTransaction(m, `spending_layer_versions ${accountId}`, async (tx) => {
        await preparedWrite(tx, sql, [accountId]);
      });
  },

  /** The account's counter; null before the first write of its layers. */
  async versionOf(m: EntityManager, accountId: string): Promise<number | null> {
    const [row] = await preparedRead(m, READ, [accountId]);
    return row ? Number(row['version']) : null;
  },
};
