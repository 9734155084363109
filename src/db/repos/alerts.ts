import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { Alert, type AlertDelivery, type AlertLevel } from '../entities/alert.js';
import { isUniqueViolation } from './errors.js';

export type AlertDto = Omit<Alert, 'percent'> & { percent: Money | null };
export type NewAlert = {
  accountId?: string | null;
  subAccountId?: string | null;
  type: string;
  level: AlertLevel;
  percent?: Money | null;
  epoch?: number | null;
  details: Record<string, unknown>;
  dedupeKey?: string | null;
};

const repo = (m: EntityManager) => m.getRepository(Alert);
const toDto = (r: Alert): AlertDto => ({ ...r, percent: r.percent === null ? null : money(r.percent) });

export const alertsRepo = {
  /** Inserts the alert unless one with the same dedupe key exists (then null): the insert is the check. */
  async insertOnce(m: EntityManager, input: NewAlert, now: Date): Promise<AlertDto | null> {
    const row: Omit<Alert, 'id'> = {
      accountId: input.accountId ?? null,
      subAccountId: input.subAccountId ?? null,
      type: input.type,
      level: input.level,
      percent: input.percent && input.percent.isFinite() ? toStoredString(input.percent) : null,
      epoch: input.epoch ?? null,
      details: input.details,
      dedupeKey: input.dedupeKey ?? null,
      deliveryState: 'pending',
      deliveredAt: null,
      createdAt: now,
    };
    if (row.dedupeKey !== null && (await repo(m).existsBy({ dedupeKey: row.dedupeKey }))) return null;
    try {
      const result = await repo(m).insert(row as QueryDeepPartialEntity<Alert>);
      const id = Number(result.identifiers[0]?.id);
      return toDto({ ...row, id });
    } catch (err) {
      if (row.dedupeKey !== null && isUniqueViolation(err)) return null;
      throw err;
    }
  },

  async list(
    m: EntityManager,
    filter: { type?: string; subAccountId?: string; accountId?: string; since?: Date; limit?: number } = {},
  ): Promise<AlertDto[]> {
    const qb = repo(m)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .limit(filter.limit ?? 100);
    if (filter.type) qb.andWhere('a.type = :type', { type: filter.type });
    if (filter.subAccountId) qb.andWhere('a.sub_account_id = :sid', { sid: filter.subAccountId });
    if (filter.accountId) qb.andWhere('a.account_id = :aid', { aid: filter.accountId });
    if (filter.since) qb.andWhere('a.created_at >= :since', { since: filter.since });
    return (await qb.getMany()).map(toDto);
  },

  async setDelivery(m: EntityManager, id: number, state: AlertDelivery, now: Date): Promise<void> {
    await repo(m).update({ id }, { deliveryState: state, deliveredAt: state === 'sent' ? now : null });
  },
};
