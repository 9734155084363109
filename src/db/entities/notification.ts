import { Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * Something a person must be told, written in the transaction of the change that causes it: what happened
 * (`kind`), to what (`subjectType`/`subjectId`), the facts to show (`view`, plain JSON: money as decimal
 * strings, times as ISO strings) and to whom (`recipients`). The Feishu edge renders it into one card per
 * recipient and language and hands those to the outbox (`outbox` keeps their uuids), so the row is also the
 * record of what was said, from which a card can be rendered again later.
 */
@Entity({ name: 'notifications' })
@Index('ix_notifications_subject', ['subjectType', 'subjectId', 'createdAt'])
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'id' })
  id!: string;

  @VarcharColumn({ name: 'kind', length: 64 })
  kind!: string;

  @VarcharColumn({ name: 'subject_type', length: 32 })
  subjectType!: string;

  @VarcharColumn({ name: 'subject_id', length: 191 })
  subjectId!: string;

  @JsonColumn({ name: 'view' })
  view!: Record<string, unknown>;

  @JsonColumn({ name: 'recipients' })
  recipients!: unknown[];

  @VarcharColumn({ name: 'dedupe_key', length: 191, nullable: true })
  dedupeKey!: string | null;

  @JsonColumn({ name: 'outbox', nullable: true })
  outbox!: string[] | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
