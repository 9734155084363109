import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { SpendingCalibration } from '../entities/spendingCalibration.js';
import { SpendingEstimate } from '../entities/spendingEstimate.js';
import { SpendingBilled } from '../entities/spendingBilled.js';
import { SpendingError } from '../entities/spendingError.js';
import { SpendingLayerVersion } from '../entities/spendingLayerVersion.js';
import { SubAccountLayer } from '../entities/subAccountLayer.js';
import { layerVersionsRepo } from './layerVersions.js';

export type EstimateRow = {
  accountId: string;
  projectName: string;
  day: string;
  model: string;
  estimated: Money;
  /** the split bill's Ark figure of the project and day so far (all models) */
  arkFinal: Money;
  usageAsOf: Date;
  /** the raw estimate of the hours the billed layer covers (0 when it covers none) */
  billedSpan?: Money;
};
export type StoredEstimate = EstimateRow & { billedSpan: Money; updatedAt: Date };
export type BilledRow = {
  accountId: string;
  day: string;
  model: string;
  billed: Money;
  estimated: Money;
  spanUntil: Date;
  readAt: Date;
};
export type ErrorRow = {
  accountId: string;
  projectName: string;
  model: string;
  estimated: Money;
  finalAmount: Money;
  lastDay: string;
  updatedAt: Date;
};
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
const billedRows = (m: EntityManager) => m.getRepository(SpendingBilled);
const errorRows = (m: EntityManager) => m.getRepository(SpendingError);

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
        billedSpan: toStoredString(r.billedSpan ?? money('0')),
        usageAsOf: r.usageAsOf,
        updatedAt: now,
      }));
      await estimates(m)
        .createQueryBuilder()
        .insert()
        .into(SpendingEstimate)
        .values(values)
        .orUpdate(
          ['estimated', 'ark_final', 'billed_span', 'usage_as_of', 'updated_at'],
          ['account_id', 'project_name', 'day', 'model'],
        )
        .execute();
    }
    await layerVersionsRepo.changed(
      m,
      rows.map((r) => r.accountId),
    );
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
      billedSpan: money(r.billedSpan),
      usageAsOf: r.usageAsOf,
      updatedAt: r.updatedAt,
    }));
  },

  /**
   * Drops one main account's estimates and billed rows of days before `beforeDay` (kept a while after
   * their day closed, for the error). In the cycle's transaction its locks must hold no other account's
   * writers: the rows are found by a plain read and deleted by primary key, which on MariaDB locks those
   * rows alone (a `day < ?` range locked every row of the table, and a range of one account's keys the gaps
   * at its ends, where a neighbouring account inserts). It raises no counter: the days it drops are long
   * closed, outside every stored-layers window (ESTIMATE_KEEP_DAYS against the split bill's lag), so no
   * reader's figures change.
   */
  async pruneEstimates(m: EntityManager, accountId: string, beforeDay: string): Promise<void> {
    for (const table of [SpendingEstimate, SpendingBilled]) {
      const ids = (
        await m
          .getRepository(table)
          .createQueryBuilder('r')
          .select('r.id', 'id')
          .where('r.account_id = :accountId AND r.day < :day', { accountId, day: beforeDay })
          .getRawMany<{ id: string }>()
      ).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500)
        await m.getRepository(table).delete({ id: In(ids.slice(i, i + 500)) });
    }
  },

  /**
   * Drops every layer row of a main account being removed (estimates, billed rows, errors, calibrations, its
   * counter and its sub-accounts' stored layers): its own cycles prune them no longer, and no other
   * account's touch them.
   */
  async removeAccount(m: EntityManager, accountId: string): Promise<void> {
    for (const table of [
      SpendingEstimate,
      SpendingBilled,
      SpendingError,
      SpendingCalibration,
      SpendingLayerVersion,
      SubAccountLayer,
    ])
      await m.getRepository(table).delete({ accountId });
  },

  /** Upserts the billed layer of (day, model): a newer read of a day replaces the older one. */
  async upsertBilled(m: EntityManager, rows: readonly BilledRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((r) => ({
        id: randomUUID(),
        accountId: r.accountId,
        day: r.day,
        model: r.model,
        billed: toStoredString(r.billed),
        estimated: toStoredString(r.estimated),
        spanUntil: r.spanUntil,
        readAt: r.readAt,
      }));
      await billedRows(m)
        .createQueryBuilder()
        .insert()
        .into(SpendingBilled)
        .values(values)
        .orUpdate(['billed', 'estimated', 'span_until', 'read_at'], ['account_id', 'day', 'model'])
        .execute();
    }
    await layerVersionsRepo.changed(
      m,
      rows.map((r) => r.accountId),
    );
  },

  /** The billed layer of one account from `sinceDay` on. */
  async listBilled(m: EntityManager, accountId: string, sinceDay: string): Promise<BilledRow[]> {
    const rows = await billedRows(m)
      .createQueryBuilder('b')
      .where('b.account_id = :accountId', { accountId })
      .andWhere('b.day >= :since', { since: sinceDay })
      .orderBy('b.day', 'ASC')
      .addOrderBy('b.model', 'ASC')
      .getMany();
    return rows.map((r) => ({
      accountId: r.accountId,
      day: r.day,
      model: r.model,
      billed: money(r.billed),
      estimated: money(r.estimated),
      spanUntil: r.spanUntil,
      readAt: r.readAt,
    }));
  },

  /**
   * The errors of every project (or of one main account's, or of some of its projects only: a reader of
   * one sub-account needs its own rows, not the main account's thousands).
   */
  async errors(m: EntityManager, accountId?: string, projectNames?: readonly string[]): Promise<ErrorRow[]> {
    if (projectNames?.length === 0) return [];
    const rows = await errorRows(m).find({
      where: accountId ? { accountId, ...(projectNames ? { projectName: In([...projectNames]) } : {}) } : {},
      order: { accountId: 'ASC', projectName: 'ASC', model: 'ASC' },
    });
    return rows.map((r) => ({
      accountId: r.accountId,
      projectName: r.projectName,
      model: r.model,
      estimated: money(r.estimated),
      finalAmount: money(r.finalAmount),
      lastDay: r.lastDay,
      updatedAt: r.updatedAt,
    }));
  },

  async saveError(m: EntityManager, row: ErrorRow): Promise<void> {
    await spendingLayersRepo.saveErrors(m, [row]);
  },

  /** Upserts errors of (project, model), 200 a statement. */
  async saveErrors(m: EntityManager, rows: readonly ErrorRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((row) => ({
        id: randomUUID(),
        accountId: row.accountId,
        projectName: row.projectName,
        model: row.model,
        estimated: toStoredString(row.estimated),
        finalAmount: toStoredString(row.finalAmount),
        lastDay: row.lastDay,
        updatedAt: row.updatedAt,
      }));
      await errorRows(m)
        .createQueryBuilder()
        .insert()
        .into(SpendingError)
        .values(values)
        .orUpdate(
          ['estimated', 'final_amount', 'last_day', 'updated_at'],
          ['account_id', 'project_name', 'model'],
        )
        .execute();
    }
    await layerVersionsRepo.changed(
      m,
      rows.map((r) => r.accountId),
    );
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
    await layerVersionsRepo.changed(m, [row.accountId]);
  },
};
