import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { Notification } from '../entities/notification.js';
import { isUniqueViolation } from './errors.js';

export type NotificationDto = {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  view: Record<string, unknown>;
  recipients: unknown[];
  dedupeKey: string | null;
  outbox: string[];
  createdAt: Date;
};
export type NewNotification = Omit<NotificationDto, 'id' | 'outbox' | 'createdAt'>;

const repo = (m: EntityManager) => m.getRepository(Notification);
const toDto = (r: Notification): NotificationDto => ({ ...r, outbox: r.outbox ?? [] });

/** Notification event rows (see the entity): written once per dedupe key, read back to render again. */
export const notificationsRepo = {
  /** Inserts the row, or returns the one already written under the same dedupe key (`duplicate`). */
  async insertOnce(
    m: EntityManager,
    n: NewNotification,
    now: Date,
  ): Promise<{ row: NotificationDto; duplicate: boolean }> {
    if (n.dedupeKey) {
      const found = await repo(m).findOneBy({ dedupeKey: n.dedupeKey });
      if (found) return { row: toDto(found), duplicate: true };
    }
    const row: Notification = { id: randomUUID(), ...n, outbox: null, createdAt: now };
    try {
      await repo(m).insert(row as QueryDeepPartialEntity<Notification>);
    } catch (err) {
      if (!n.dedupeKey || !isUniqueViolation(err)) throw err;
      // A concurrent writer won the unique key; a locking read sees its committed row (REPEATABLE READ).
      const found = await repo(m).findOne({
        where: { dedupeKey: n.dedupeKey },
        ...(isMysql(m.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      if (found) return { row: toDto(found), duplicate: true };
      throw err;
    }
    return { row: toDto(row), duplicate: false };
  },

  async setOutbox(m: EntityManager, id: string, outbox: string[]): Promise<void> {
    await repo(m).update({ id }, { outbox });
  },

  async findByDedupeKey(m: EntityManager, dedupeKey: string): Promise<NotificationDto | null> {
    const r = await repo(m).findOneBy({ dedupeKey });
    return r ? toDto(r) : null;
  },

  async get(m: EntityManager, id: string): Promise<NotificationDto | null> {
    const r = await repo(m).findOneBy({ id });
    return r ? toDto(r) : null;
  },

  /** The newest notifications about one subject, newest first (e.g. the last "disabled" notice of a sub-account). */
  async listBySubject(
    m: EntityManager,
    subject: { type: string; id: string },
    opts: { kind?: string; limit?: number } = {},
  ): Promise<NotificationDto[]> {
    const rows = await repo(m).find({
      where: { subjectType: subject.type, subjectId: subject.id, ...(opts.kind ? { kind: opts.kind } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: opts.limit ?? 50,
    });
    return rows.map(toDto);
  },
};
