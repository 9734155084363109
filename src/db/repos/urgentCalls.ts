import { randomUUID } from 'node:crypto';
import { LessThanOrEqual, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { UrgentCall } from '../entities/urgentCall.js';
import { isUniqueViolation } from './errors.js';

export type UrgentCallRow = UrgentCall;
const repo = (m: EntityManager) => m.getRepository(UrgentCall);

/** Urgent (加急) calls owed for delivered alert cards; one per outbox message. */
export const urgentCallsRepo = {
  /** Inserts the call unless this outbox message has one (then null). */
  async insertOnce(
    m: EntityManager,
    c: Pick<UrgentCall, 'outboxUuid' | 'notificationId' | 'messageId' | 'method' | 'openIds'>,
    now: Date,
  ): Promise<UrgentCallRow | null> {
    if (await repo(m).existsBy({ outboxUuid: c.outboxUuid })) return null;
    const row: UrgentCall = {
      id: randomUUID(),
      ...c,
      invalidOpenIds: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await repo(m).insert(row as QueryDeepPartialEntity<UrgentCall>);
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    return row;
  },

  async due(m: EntityManager, now: Date, limit = 50): Promise<UrgentCallRow[]> {
    return repo(m).find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  },

  async byOutbox(m: EntityManager, outboxUuid: string): Promise<UrgentCallRow | null> {
    return repo(m).findOne({ where: { outboxUuid } });
  },

  /** Compare-and-set on the attempt count, so two runners never both settle one call. */
  async settle(
    m: EntityManager,
    id: string,
    attemptsSeen: number,
    patch: Partial<
      Pick<UrgentCall, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'invalidOpenIds'>
    >,
    now: Date,
  ): Promise<boolean> {
    const res = await repo(m).update(
      { id, attempts: attemptsSeen, status: 'pending' },
      { ...patch, updatedAt: now },
    );
    return res.affected === 1;
  },
};
