import type { DataSource, EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { findWhere } from '../prepared.js';
import { Setting } from '../entities/setting.js';
import { afterCommit, isInTransactionScope } from './transaction.js';

const repo = (m: EntityManager) => m.getRepository(Setting);

/**
 * How long a read made outside a transaction is reused. Every chat command, ledger write and delivered
 * notice reads the settings, which change a few times a year: the reuse saves a statement per event. A
 * write through this repo forgets them at once (and again when it commits); a write by another process
 * is seen within this time. Real time, not the injected clock: a cache, not business time.
 */
const REUSE_MS = 1000;
const reused = new WeakMap<DataSource, { at: number; rows: Promise<Map<string, unknown>> }>();

function forget(m: EntityManager): void {
  reused.delete(m.connection);
  afterCommit(m, () => reused.delete(m.connection));
}

export const settingsRepo = {
  /**
   * The stored values by key. Inside a transaction always read (a writer merges into what is stored
   * now); outside one, a read less than REUSE_MS old is reused.
   */
  async all(m: EntityManager): Promise<ReadonlyMap<string, unknown>> {
    // In a transaction's scope even a plain manager may read its uncommitted rows (SQLite's one
    // connection): not kept either.
    if (m.queryRunner?.isTransactionActive || isInTransactionScope(m.connection)) return readAll(m);
    const now = performance.now();
    const hit = reused.get(m.connection);
    // The same map for every reader of one read (readSettings parses it once): not to be changed.
    if (hit && now - hit.at <= REUSE_MS) return hit.rows;
    const rows = readAll(m);
    const entry = { at: now, rows };
    reused.set(m.connection, entry);
    // A failed read is not kept: the next call tries again.
    rows.catch(() => reused.get(m.connection) === entry && reused.delete(m.connection));
    return rows;
  },

  async put(m: EntityManager, key: string, value: unknown, updatedBy: string, now: Date): Promise<void> {
    forget(m);
    await repo(m)
      .createQueryBuilder()
      .insert()
      .into(Setting)
      .values({ key, value, updatedBy, updatedAt: now } as QueryDeepPartialEntity<Setting>)
      .orUpdate(['value', 'updated_by', 'updated_at'], ['key'])
      .execute();
  },

  async remove(m: EntityManager, key: string): Promise<void> {
    forget(m);
    await repo(m).delete({ key });
  },
};

async function readAll(m: EntityManager): Promise<Map<string, unknown>> {
  return new Map((await findWhere(m, Setting, {})).map((s) => [s.key, s.value]));
}
