import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IntColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * One sub-account's stored spending layers as the watch cycle computed them after writing its main
 * account's layer rows (src/services/spending/storeSubLayers.ts), so that the first REST read after a cycle
 * reads them by primary key instead of computing them. Valid only while the account's counter is still
 * `version` and the open days and the sub-account's projects still give `inputsKey`: a reader checks both
 * and computes the layers itself otherwise. What the bill alone shows (the projects' spent) is not stored: the
 * reader adds it.
 */
@Entity({ name: 'sub_account_layers' })
@Index('ix_sub_account_layers_account', ['accountId'])
export class SubAccountLayer {
  @PrimaryColumn({ name: 'sub_account_id', type: 'varchar', length: 36 })
  subAccountId!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  /** spending_layer_versions.version of the main account, read before the rows these figures come from */
  @IntColumn({ name: 'version' })
  version!: number;

  /** SHA-256 (hex) of the open days and of the projects' fields the layers depend on (storeSubLayers.ts) */
  @VarcharColumn({ name: 'inputs_key', length: 64 })
  inputsKey!: string;

  /** what the stored estimates add on top of the bill (spent − final) */
  @MoneyColumn({ name: 'extra' })
  extra!: string;

  /** the part of `extra` the bill detail covers */
  @MoneyColumn({ name: 'billed' })
  billed!: string;

  @TimeColumn({ name: 'billed_as_of', nullable: true })
  billedAsOf!: Date | null;

  @TimeColumn({ name: 'estimated_as_of', nullable: true })
  estimatedAsOf!: Date | null;

  @TimeColumn({ name: 'computed_at' })
  computedAt!: Date;
}
