import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { AuditLog } from '../entities/auditLog.js';
import { insertRows } from './bulkInsert.js';

export type AuditDto = AuditLog;
export type NewAudit = Omit<AuditLog, 'id'>;
const repo = (m: EntityManager) => m.getRepository(AuditLog);

export const auditRepo = {
  async insert(m: EntityManager, entry: NewAudit): Promise<void> {
    await repo(m).insert(entry as QueryDeepPartialEntity<AuditLog>);
  },

  /** Several entries in one multi-row INSERT (a batch of ledger writes); ids follow the array order. */
  async insertMany(m: EntityManager, entries: readonly NewAudit[]): Promise<void> {
    await insertRows(m, AuditLog, entries);
  },

  /** Newest first. */
  async list(
    m: EntityManager,
    filter: {
      targetType?: string;
      targetId?: string;
      action?: string;
      /** Actions starting with this text and a dot ("quota" → quota.allocate, quota.deduct, …). */
      actionPrefix?: string;
      actor?: string;
      since?: Date;
      /** Only entries older than this id (the next page of a newest-first list). */
      beforeId?: number;
      limit?: number;
    } = {},
  ): Promise<AuditDto[]> {
    const qb = repo(m)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .limit(filter.limit ?? 100);
    if (filter.targetType) qb.andWhere('a.target_type = :tt', { tt: filter.targetType });
    if (filter.targetId) qb.andWhere('a.target_id = :tid', { tid: filter.targetId });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.actionPrefix)
      // SUBSTR, not LIKE: action names hold '_' and both databases then compare the same way.
      qb.andWhere('(a.action = :ap OR SUBSTR(a.action, 1, :apLen) = :apDot)', {
        ap: filter.actionPrefix,
        apLen: filter.actionPrefix.length + 1,
        apDot: `${filter.actionPrefix}.`,
      });
    if (filter.beforeId !== undefined) qb.andWhere('a.id < :beforeId', { beforeId: filter.beforeId });
    if (filter.actor) qb.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.since) qb.andWhere('a.created_at >= :since', { since: filter.since });
    return qb.getMany();
  },
};
