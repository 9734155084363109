import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isMysql } from '../dataSource.js';

/**
 * SELECT … FOR UPDATE on MySQL/MariaDB (a locking read sees the latest committed row, never a stale
 * snapshot). SQLite has no row locks: there the whole transaction already holds the database write lock.
 */
export function forUpdate<T extends ObjectLiteral>(
  m: EntityManager,
  qb: SelectQueryBuilder<T>,
): SelectQueryBuilder<T> {
  return isMysql(m.connection) ? qb.setLock('pessimistic_write') : qb;
}
