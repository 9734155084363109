import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * An outbound Feishu message that must not be lost, written in the transaction of the state change that
 * caused it. The auto-increment id orders messages of one order key (a chat); `uuid` travels to Feishu
 * as the send's idempotency key, so a retry after a lost response does not post twice.
 */
@Entity({ name: 'feishu_outbox' })
@Index('idx_feishu_outbox_order', ['orderKey', 'status', 'id'])
@Index('idx_feishu_outbox_due', ['status', 'nextAttemptAt'])
@Index('idx_feishu_outbox_pending', ['status', 'orderKey', 'id'])
export class FeishuOutboxMessage {
  /** bigint: mysql2 returns it as a string, better-sqlite3 as a number; read it with String(). */
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string | number;

  @Column({ name: 'uuid', type: 'varchar', length: 36, unique: true })
  uuid!: string;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 191, nullable: true, unique: true })
  dedupeKey!: string | null;

  @Column({ name: 'order_key', type: 'varchar', length: 191 })
  orderKey!: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'payload', type: 'text', transformer: jsonTransformer })
  payload!: Record<string, unknown>;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ name: 'attempts', type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, transformer: utcDateTransformer })
  nextAttemptAt!: Date;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @Column({
    name: 'lease_until',
    type: 'datetime',
    precision: 3,
    nullable: true,
    transformer: utcDateTransformer,
  })
  leaseUntil!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ name: 'feishu_message_id', type: 'varchar', length: 64, nullable: true })
  feishuMessageId!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3, transformer: utcDateTransformer })
  createdAt!: Date;

  @Column({
    name: 'sent_at',
    type: 'datetime',
    precision: 3,
    nullable: true,
    transformer: utcDateTransformer,
  })
  sentAt!: Date | null;
}
