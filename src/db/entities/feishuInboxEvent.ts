import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

export type InboxStatus = 'pending' | 'processing' | 'done' | 'failed';

/**
 * One Feishu event or card callback AirGate accepted. The primary key is the event id, so inserting the
 * row is the de-duplication check (also across processes on one database); rows are kept for a
 * retention window longer than Feishu's 7.1 h redelivery schedule, then purged.
 */
@Entity({ name: 'feishu_inbox_events' })
@Index('idx_feishu_inbox_status_received', ['status', 'receivedAt'])
@Index('idx_feishu_inbox_received', ['receivedAt'])
export class FeishuInboxEvent {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 128 })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType!: string;

  @Column({ name: 'source', type: 'varchar', length: 8 })
  source!: 'http' | 'ws';

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: InboxStatus;

  @Column({ name: 'payload', type: 'text', transformer: jsonTransformer })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM cannot map `unknown` values in insert types
  payload!: Record<string, any>;

  @Column({ name: 'attempts', type: 'int', default: 0 })
  attempts!: number;

  @Column({
    name: 'lease_until',
    type: 'datetime',
    precision: 3,
    nullable: true,
    transformer: utcDateTransformer,
  })
  leaseUntil!: Date | null;

  @Column({ name: 'received_at', type: 'datetime', precision: 3, transformer: utcDateTransformer })
  receivedAt!: Date;

  @Column({
    name: 'processed_at',
    type: 'datetime',
    precision: 3,
    nullable: true,
    transformer: utcDateTransformer,
  })
  processedAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;
}
