import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { SpendingRecord } from '../entities/spendingRecord.js';

export type SpendingDto = Omit<SpendingRecord, 'amount'> & { amount: Money };
export type DaySpending = { accountId: string; projectName: string; day: string; amount: Money };

const repo = (m: EntityManager) => m.getRepository(SpendingRecord);
const toDto = (r: SpendingRecord): SpendingDto => ({ ...r, amount: money(r.amount) });

export const spendingRepo = {
  /** Upserts days: a late revision of a day's bill replaces the old figure, never adds to it. */
  async upsertDays(m: EntityManager, days: readonly DaySpending[], now: Date): Promise<void> {
    for (let i = 0; i < days.length; i += 200) {
      const values = days.slice(i, i + 200).map((d) => ({
        id: randomUUID(),
        accountId: d.accountId,
        projectName: d.projectName,
        day: d.day,
        amount: toStoredString(d.amount),
        updatedAt: now,
      }));
      await repo(m)
        .createQueryBuilder()
        .insert()
        .into(SpendingRecord)
        .values(values)
        .orUpdate(['amount', 'updated_at'], ['account_id', 'project_name', 'day'])
        .execute();
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
