import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TimeColumn, VarcharColumn } from './columns.js';

/**
 * One pause of a project's monitoring: opened when monitoring goes off (`paused_at`), closed when it goes
 * back on (`resumed_at`) with the team's decision on the paused period's spending: `count` or `skip`. A
 * skipped pause stores the Shanghai days left out (`skip_from`..`skip_to`, whole days between the day of
 * pause and the day of resume); the spending sweep leaves those days out of the project's spent. The ledger
 * is never touched.
 */
@Entity({ name: 'project_pauses' })
@Index('ix_project_pauses_project', ['projectId', 'resumedAt'])
@Index('ix_project_pauses_account', ['accountId', 'decision'])
export class ProjectPause {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'project_id', length: 36 })
  projectId!: string;

  @VarcharColumn({ name: 'sub_account_id', length: 36 })
  subAccountId!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'project_name', length: 64 })
  projectName!: string;

  @TimeColumn({ name: 'paused_at' })
  pausedAt!: Date;

  @TimeColumn({ name: 'resumed_at', nullable: true })
  resumedAt!: Date | null;

  @VarcharColumn({ name: 'decision', length: 16, nullable: true })
  decision!: 'count' | 'skip' | null;

  @VarcharColumn({ name: 'skip_from', length: 10, nullable: true })
  skipFrom!: string | null;

  @VarcharColumn({ name: 'skip_to', length: 10, nullable: true })
  skipTo!: string | null;
}
