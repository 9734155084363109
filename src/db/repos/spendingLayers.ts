import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { SpendingCalibration } from '../entities/spendingCalibration.js';
import { SpendingEstimate } from '../entities/spendingEstimate.js';

export type EstimateRow = {
  accountId: string;
  projectName: string;
  day: string;
  model: string;
  estimated: Money;
  /** the split bill's Ark figure of the project and day so far (all models) */
  arkFinal: Money;
  usageAsOf: Date;
};
export type StoredEstimate = EstimateRow & { updatedAt: Date };
export type CalibrationRow = {
  accountId: string;
  model: string;
  ratio: Money;
  estimated: Money;
  finalAmount: Money;
  lastDay: string;
  updatedAt: Date;
};

const estimates = (m: EntityManager) => m.getRepository(SpendingEstimate);
const calibrations = (m: EntityManager) => m.getRepository(SpendingCalibration);

export const spendingLayersRepo = {
  /** Upserts estimates of (project, day, model): a newer estimate of an open day replaces the older one. */
  async upsertEstimates(m: EntityManager, rows: readonly EstimateRow[], now: Date): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((r) => ({
        id: randomUUID(),
        accountId: r.accountId,
        projectName: r.projectName,
        day: r.day,
        model: r.model,
        estimated: toStoredString(r.estimated),
        arkFinal: toStoredString(r.arkFinal),
        usageAsOf: r.usageAsOf,
        updatedAt: now,
      }));
      await estimates(m)
        .createQueryBuilder()
        .insert()
        .into(SpendingEstimate)
        .values(values)
        .orUpdate(
          ['estimated', 'ark_final', 'usage_as_of', 'updated_at'],
          ['account_id', 'project_name', 'day', 'model'],
        )
        .execute();
    }
  },

  /** Estimates of one account from `sinceDay` to `untilDay` (inclusive), optionally of some projects only. */
  async listEstimates(
    m: EntityManager,
    filter: { accountId: string; sinceDay: string; untilDay: string; projectNames?: readonly string[] },
  ): Promise<StoredEstimate[]> {
    const qb = estimates(m)
      .createQueryBuilder('e')
      .where('e.account_id = :accountId', { accountId: filter.accountId })
      .andWhere('e.day >= :since AND e.day <= :until', { since: filter.sinceDay, until: filter.untilDay })
      .orderBy('e.project_name', 'ASC')
      .addOrderBy('e.day', 'ASC')
      .addOrderBy('e.model', 'ASC');
    if (filter.projectNames) {
      if (filter.projectNames.length === 0) return [];
      qb.andWhere('e.project_name IN (:...names)', { names: filter.projectNames });
    }
    return (await qb.getMany()).map((r) => ({
      accountId: r.accountId,
      projectName: r.projectName,
      day: r.day,
      model: r.model,
      estimated: money(r.estimated),
      arkFinal: money(r.arkFinal),
      usageAsOf: r.usageAsOf,
      updatedAt: r.updatedAt,
    }));
  },

  /** Drops estimates of days before `beforeDay` (kept a while after their day closed, for the error). */
  async pruneEstimates(m: EntityManager, beforeDay: string): Promise<void> {
    await estimates(m)
      .createQueryBuilder()
      .delete()
      .from(SpendingEstimate)
      .where('day < :day', { day: beforeDay })
      .execute();
  },

  async calibrations(m: EntityManager, accountId?: string): Promise<CalibrationRow[]> {
    const rows = await calibrations(m).find({
      where: accountId ? { accountId } : {},
      order: { accountId: 'ASC', model: 'ASC' },
    });
    return rows.map((r) => ({
      accountId: r.accountId,
      model: r.model,
      ratio: money(r.ratio),
      estimated: money(r.estimated),
      finalAmount: money(r.finalAmount),
      lastDay: r.lastDay,
      updatedAt: r.updatedAt,
    }));
  },

  async saveCalibration(m: EntityManager, row: CalibrationRow): Promise<void> {
    await calibrations(m)
      .createQueryBuilder()
      .insert()
      .into(SpendingCalibration)
      .values({
        id: randomUUID(),
        accountId: row.accountId,
        model: row.model,
        ratio: toStoredString(row.ratio),
        estimated: toStoredString(row.estimated),
        finalAmount: toStoredString(row.finalAmount),
        lastDay: row.lastDay,
        updatedAt: row.updatedAt,
      })
      .orUpdate(['ratio', 'estimated', 'final_amount', 'last_day', 'updated_at'], ['account_id', 'model'])
      .execute();
  },
};
