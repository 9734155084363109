import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { SpendingRecord } from '../entities/spendingRecord.js';
import { isMysql } from '../dataSource.js';

export type SpendingDto = Omit<SpendingRecord, 'amount'> & { amount: Money };
export type DaySpending = { accountId: string; projectName: string; day: string; amount: Money };

/** Rows per upsert statement: 6 parameters each, far below both databases' limits. */
const UPSERT_CHUNK = 500;

const repo = (m: EntityManager) => m.getRepository(SpendingRecord);
const toDto = (r: SpendingRecord): SpendingDto => ({ ...r, amount: money(r.amount) });

export const spendingRepo = {
  /**
   * Upserts days: a late revision of a day's bill replaces the old figure, never adds to it. One multi-row
   * INSERT … upsert per chunk with plain `?` placeholders: TypeORM's builder named a parameter per value and
   * rescanned them, which cost a 2,000-sub-account cycle more time than the database spent on 24,000 rows.
   */
  async upsertDays(m: EntityManager, days: readonly DaySpending[], now: Date): Promise<void> {
    if (days.length === 0) return;
    const { driver } = m.connection;
    const meta = m.connection.getMetadata(SpendingRecord);
    const col = (property: keyof SpendingRecord) => meta.findColumnWithPropertyName(property)!;
    const columns = (['id', 'accountId', 'projectName', 'day', 'amount', 'updatedAt'] as const).map(col);
    const name = (property: keyof SpendingRecord) => driver.escape(col(property).databaseName);
    const head =
      `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')})` +
      ' VALUES ';
    const [amount, updatedAt] = [name('amount'), name('updatedAt')];
    const tail = isMysql(m.connection)
      ? ` ON DUPLICATE KEY UPDATE ${amount} = VALUES(${amount}), ${updatedAt} = VALUES(${updatedAt})`
      : ` ON CONFLICT (${name('accountId')}, ${name('projectName')}, ${name('day')}) DO UPDATE SET` +
        ` ${amount} = excluded.${amount}, ${updatedAt} = excluded.${updatedAt}`;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const stamp = driver.preparePersistentValue(now, col('updatedAt')) as unknown;
    for (let i = 0; i < days.length; i += UPSERT_CHUNK) {
      const chunk = days.slice(i, i + UPSERT_CHUNK);
      const params: unknown[] = [];
      for (const d of chunk) {
        params.push(
          randomUUID(),
          d.accountId,
          d.projectName,
          d.day,
          driver.preparePersistentValue(toStoredString(d.amount), col('amount')),
          stamp,
        );
      }
      await m.query(head + chunk.map(() => tuple).join(', ') + tail, params);
    }
  },

  /** Days from `sinceDay` (inclusive, 'YYYY-MM-DD') of some projects of one account; sum them in code. */
  async list(
    m: EntityManager,
    filter: { accountId: string; projectNames?: readonly string[]; sinceDay?: string; untilDay?: string },
  ): Promise<SpendingDto[]> {
    const qb = repo(m)
      .createQueryBuilder('s')
      .where('s.account_id = :accountId', { accountId: filter.accountId })
      .orderBy('s.project_name', 'ASC')
      .addOrderBy('s.day', 'ASC');
    if (filter.projectNames) {
      if (filter.projectNames.length === 0) return [];
      qb.andWhere('s.project_name IN (:...names)', { names: filter.projectNames });
    }
    if (filter.sinceDay) qb.andWhere('s.day >= :since', { since: filter.sinceDay });
    if (filter.untilDay) qb.andWhere('s.day <= :until', { until: filter.untilDay });
    return (await qb.getMany()).map(toDto);
  },
};
