import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IntColumn, JsonColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * An urgent (加急) call owed for a delivered alert card: one per outbox message (`outbox_uuid` unique), made
 * for `message_id` to `open_ids` by `method` (urgent_app | urgent_sms | urgent_phone). `status` pending →
 * done, or failed after its attempts (then reported, never dropped silently); `invalid_open_ids` are those
 * Feishu named not in the chat.
 */
@Entity({ name: 'feishu_urgent_calls' })
@Index('ux_feishu_urgent_calls_outbox', ['outboxUuid'], { unique: true })
@Index('ix_feishu_urgent_calls_due', ['status', 'nextAttemptAt'])
export class UrgentCall {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'outbox_uuid', length: 64 })
  outboxUuid!: string;

  @VarcharColumn({ name: 'notification_id', length: 36 })
  notificationId!: string;

  @VarcharColumn({ name: 'message_id', length: 64 })
  messageId!: string;

  @VarcharColumn({ name: 'method', length: 16 })
  method!: 'urgent_app' | 'urgent_sms' | 'urgent_phone';

  @JsonColumn({ name: 'open_ids' })
  openIds!: string[];

  @JsonColumn({ name: 'invalid_open_ids', nullable: true })
  invalidOpenIds!: string[] | null;

  @VarcharColumn({ name: 'status', length: 16 })
  status!: 'pending' | 'done' | 'failed';

  @IntColumn({ name: 'attempts' })
  attempts!: number;

  @TimeColumn({ name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @VarcharColumn({ name: 'last_error', length: 500, nullable: true })
  lastError!: string | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
