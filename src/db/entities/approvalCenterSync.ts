import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, TimeColumn, VarcharColumn } from './columns.js';

/** A quota request's state still to reach Feishu's approval centre (see the migration 1796001000000). */
@Entity({ name: 'approval_center_syncs' })
export class ApprovalCenterSync {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'quota_request_id' })
  quotaRequestId!: string;

  @IntColumn({ name: 'wanted_version' })
  wantedVersion!: number;

  @IntColumn({ name: 'synced_version' })
  syncedVersion!: number;

  @IntColumn({ name: 'attempts' })
  attempts!: number;

  @TimeColumn({ name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @VarcharColumn({ name: 'last_error', length: 255, nullable: true })
  lastError!: string | null;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
