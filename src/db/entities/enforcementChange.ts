import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, JsonColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * One change the Ark enforcement ladder made on Volcengine for a sub-account, with the state before it:
 * `throttle` (an endpoint's RateLimit), `stop` (an endpoint stopped), `deny` (the Deny policy attached in a
 * project), `regen` (a project API key regenerated; nothing to restore, the new secret is never read).
 * `state` is 'pending' while the call has not succeeded yet (retried next cycle), then 'applied'.
 */
@Entity({ name: 'enforcement_changes' })
export class EnforcementChange {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'id' })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'sub_account_id', length: 36 })
  subAccountId!: string;

  @VarcharColumn({ name: 'project_name', length: 128 })
  projectName!: string;

  @VarcharColumn({ name: 'lever', length: 16 })
  lever!: string;

  @VarcharColumn({ name: 'target', length: 191 })
  target!: string;

  @JsonColumn({ name: 'previous', nullable: true })
  previous!: Record<string, unknown> | null;

  @VarcharColumn({ name: 'state', length: 16 })
  state!: string;

  @IntColumn({ name: 'attempts' })
  attempts!: number;

  @VarcharColumn({ name: 'last_error', length: 500, nullable: true })
  lastError!: string | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
