import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { Clock } from '../clock.js';
import { FeishuOutboxMessage } from '../db/entities/feishuOutboxMessage.js';
import { isUniqueViolation } from './dbErrors.js';
import { isMysql } from '../db/dataSource.js';
import { afterCommit } from '../db/repos/transaction.js';
import { FeishuApiError } from './errors.js';
import type { FeishuSender, SentMessage } from './send.js';

const card = z.record(z.string(), z.unknown());
const body = z.union([z.object({ text: z.string() }), z.object({ card })]);

/** What a row asks the relay to do; stored as JSON and parsed again when read. */
export const outboxMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('send'),
    receiveIdType: z.enum(['chat_id', 'open_id', 'union_id', 'user_id', 'email']),
    receiveId: z.string().min(1),
    body,
  }),
  z.object({
    kind: z.literal('reply'),
    messageId: z.string().min(1),
    body,
    inThread: z.boolean().optional(),
    chatId: z.string().optional(),
  }),
  z.object({ kind: z.literal('patch'), messageId: z.string().min(1), card, chatId: z.string().optional() }),
  z.object({ kind: z.literal('ephemeral'), chatId: z.string().min(1), openId: z.string().min(1), card }),
]);
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export type EnqueueOptions = {
  /** Messages with one order key are delivered in enqueue order; default: the chat (or user) addressed. */
  orderKey?: string;
  /** Makes the enqueue idempotent: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
};

export type OutboxStats = { pending: number; failed: number; oldestPendingAgeMs: number | null };

/**
 * The outbox: `enqueue(tx, message)` inside the transaction of the state change that causes the message,
 * so the message exists if and only if the change committed. The relay delivers it later.
 */
export class FeishuOutbox {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  async enqueue(
    tx: EntityManager,
    message: OutboxMessage,
    opts: EnqueueOptions = {},
  ): Promise<{ uuid: string; duplicate: boolean }> {
    const parsed = outboxMessageSchema.parse(message);
    const repo = tx.getRepository(FeishuOutboxMessage);
    if (opts.dedupeKey) {
      const existing = await repo.findOne({ where: { dedupeKey: opts.dedupeKey }, select: { uuid: true } });
      if (existing) return { uuid: existing.uuid, duplicate: true };
    }
    const now = this.clock.now();
    const uuid = randomUUID();
    try {
      await this.insert(repo, uuid, parsed, opts, now);
    } catch (err) {
      // Two writers raced on one dedupe key: the unique index decided, the loser is a duplicate.
      if (opts.dedupeKey && isUniqueViolation(err)) {
        // A locking read: under REPEATABLE READ a plain read would use this transaction's snapshot, taken
        // before the winner committed, and miss its row.
        const existing = await repo.findOne({
          where: { dedupeKey: opts.dedupeKey },
          select: { uuid: true },
          ...(isMysql(tx.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        });
        if (existing) return { uuid: existing.uuid, duplicate: true };
      }
      throw err;
    }
    // The relay is woken once the row is visible to it; callers need not remember to call notify().
    afterCommit(tx, () => this.notify());
    return { uuid, duplicate: false };
  }

  private async insert(
    repo: Repository<FeishuOutboxMessage>,
    uuid: string,
    parsed: OutboxMessage,
    opts: EnqueueOptions,
    now: Date,
  ): Promise<void> {
    await repo.insert({
      uuid,
      dedupeKey: opts.dedupeKey ?? null,
      orderKey: opts.orderKey ?? defaultOrderKey(parsed),
      kind: parsed.kind,
      payload: parsed,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      feishuMessageId: null,
      createdAt: now,
      sentAt: null,
    });
  }

  /** Tells a running relay that rows may be waiting (call after the transaction committed). */
  notify(): void {
    for (const l of this.listeners) l();
  }

  onNotify(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stats(db: DataSource | EntityManager): Promise<OutboxStats> {
    const raw = await db
      .getRepository(FeishuOutboxMessage)
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('MIN(o.created_at)', 'oldest')
      .where('o.status IN (:...s)', { s: ['pending', 'failed'] })
      .groupBy('o.status')
      .getRawMany<{ status: string; n: string | number; oldest: string | Date | null }>();
    const pending = raw.find((r) => r.status === 'pending');
    const failed = raw.find((r) => r.status === 'failed');
    const oldest = pending?.oldest ? asUtc(pending.oldest) : undefined;
    return {
      pending: Number(pending?.n ?? 0),
      failed: Number(failed?.n ?? 0),
      oldestPendingAgeMs: oldest ? Math.max(0, this.clock.now().getTime() - oldest.getTime()) : null,
    };
  }

  /** One row by its uuid (e.g. to find the message id Feishu gave a sent card). */
  async find(db: DataSource | EntityManager, uuid: string): Promise<FeishuOutboxMessage | null> {
    return db.getRepository(FeishuOutboxMessage).findOne({ where: { uuid } });
  }
}

export function defaultOrderKey(m: OutboxMessage): string {
  switch (m.kind) {
    case 'send':
      return `${m.receiveIdType}:${m.receiveId}`;
    case 'ephemeral':
      return `chat_id:${m.chatId}`;
    case 'reply':
    case 'patch':
      return m.chatId ? `chat_id:${m.chatId}` : `message:${m.messageId}`;
  }
}

function asUtc(v: string | Date): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}

/** Performs one stored message with the sender; `uuid` is Feishu's idempotency key for sends and replies. */
export async function sendOutboxMessage(
  sender: FeishuSender,
  payload: unknown,
  uuid: string,
): Promise<SentMessage | undefined> {
  const parsed = outboxMessageSchema.safeParse(payload);
  if (!parsed.success)
    throw new FeishuApiError('permanent', undefined, undefined, 'unreadable outbox payload');
  const m = parsed.data;
  switch (m.kind) {
    case 'send':
      return sender.send(m.receiveIdType, m.receiveId, m.body, { uuid });
    case 'reply':
      return sender.reply(m.messageId, m.body, { uuid, inThread: m.inThread ?? false });
    case 'patch':
      await sender.updateCard(m.messageId, m.card);
      return undefined;
    case 'ephemeral':
      return sender.sendEphemeral(m.chatId, m.openId, m.card);
  }
}
