import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { Notification } from '../entities/notification.js';
import { isUniqueViolation } from './errors.js';
import { findWhere, preparedWrite, sqlValue } from '../prepared.js';

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
export type NewNotification = Omit<NotificationDto, 'id' | 'outbox' | 'createdAt'> & {
  /** The row's id, when the caller needs it before the insert (default: a new one). */
  id?: string;
  /** The uuids of the outbox rows the caller is about to queue for it, stored with the row. */
  outbox?: string[];
};

const repo = (m: EntityManager) => m.getRepository(Notification);

// Fixed texts, prepared on MySQL (prepared.ts): every notification written passes here. `view` is a
// reserved word in MySQL, hence the quotes (SQLite reads backticks as quotes too).
const INSERT_SQL = `INSERT INTO notifications (\`id\`, \`kind\`, \`subject_type\`, \`subject_id\`, \`view\`,
  \`recipients\`, \`dedupe_key\`, \`outbox\`, \`created_at\`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const toDto = (r: Notification): NotificationDto => ({ ...r, outbox: r.outbox ?? [] });

/** Notification event rows (see the entity): written once per dedupe key, read back to render again. */
export const notificationsRepo = {
  /**
   * Inserts the row, or returns the one already written under the same dedupe key (`duplicate`). Two
   * statements at most when the key is new, both prepared: the key looked up, the row written.
   */
  async insertOnce(
    m: EntityManager,
    n: NewNotification,
    now: Date,
  ): Promise<{ row: NotificationDto; duplicate: boolean }> {
    if (n.dedupeKey) {
      const [found] = await findWhere(m, Notification, { dedupeKey: n.dedupeKey }, { limit: 1 });
      if (found) return { row: toDto(found), duplicate: true };
    }
    const { id, outbox, ...fields } = n;
    const row: Notification = {
      id: id ?? randomUUID(),
      ...fields,
      outbox: outbox && outbox.length > 0 ? outbox : null,
      createdAt: now,
    };
    const value = (p: keyof Notification & string) => sqlValue(m, Notification, p, row[p]);
    try {
      await preparedWrite(m, INSERT_SQL, [
        row.id,
        row.kind,
        row.subjectType,
        row.subjectId,
        value('view'),
        value('recipients'),
        row.dedupeKey,
        row.outbox === null ? null : value('outbox'),
        value('createdAt'),
      ]);
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
