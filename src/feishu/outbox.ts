import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock.js';
import { outboxRepo, type OutboxRow } from '../db/repos/outbox.js';
import { afterCommit, withReader } from '../db/repos/transaction.js';
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
  /** The row's uuid, when the caller records it before the enqueue (default: a new one). */
  uuid?: string;
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
    const result = await outboxRepo.insertOnce(tx, {
      uuid: opts.uuid ?? randomUUID(),
      dedupeKey: opts.dedupeKey ?? null,
      orderKey: opts.orderKey ?? defaultOrderKey(parsed),
      kind: parsed.kind,
      payload: parsed,
      now: this.clock.now(),
    });
    // The relay is woken once the row is visible to it; callers need not remember to call notify().
    if (!result.duplicate) afterCommit(tx, () => this.notify());
    return result;
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
    const c = await read(db, (m) => outboxRepo.counts(m));
    const oldest = c.oldestPending;
    return {
      pending: c.pending,
      failed: c.failed,
      oldestPendingAgeMs: oldest ? Math.max(0, this.clock.now().getTime() - oldest.getTime()) : null,
    };
  }

  /** One row by its uuid (e.g. to find the message id Feishu gave a sent card). */
  async find(db: DataSource | EntityManager, uuid: string): Promise<OutboxRow | null> {
    return read(db, (m) => outboxRepo.find(m, uuid));
  }
}

/** A read in the caller's transaction (a manager), or on its own (a DataSource). */
function read<T>(db: DataSource | EntityManager, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return 'manager' in db ? withReader(db, fn) : fn(db);
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
