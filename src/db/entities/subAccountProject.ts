import { Entity, PrimaryColumn } from 'typeorm';
import { BoolColumn, JsonColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

export type AttachedPolicy = { policyName: string; policyType: string };

/**
 * A Volcengine project watched for one sub-account (unique per main account: a project counts for at most
 * one sub-account). `attachedPolicies` are exactly those AirGate attached in the project's scope, so removal
 * detaches those. `spent` is the spending since `countsFrom` (a bill day, Asia/Shanghai), kept by the watch.
 */
@Entity({ name: 'sub_account_projects' })
export class SubAccountProject {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'sub_account_id', length: 36 })
  subAccountId!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'project_name', length: 128 })
  projectName!: string;

  @BoolColumn({ name: 'monitored' })
  monitored!: boolean;

  @VarcharColumn({ name: 'counts_from', length: 10 })
  countsFrom!: string;

  @JsonColumn({ name: 'attached_policies' })
  attachedPolicies!: AttachedPolicy[];

  @MoneyColumn({ name: 'spent' })
  spent!: string;

  @TimeColumn({ name: 'spent_updated_at', nullable: true })
  spentUpdatedAt!: Date | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
