import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn } from './columns.js';

/**
 * How many times a main account's stored spending layers (estimates, billed rows, errors, calibrations,
 * paused days) have been written: raised in the writing transaction, read by readers that cache what they
 * computed from them (src/db/repos/layerVersions.ts).
 */
@Entity({ name: 'spending_layer_versions' })
export class SpendingLayerVersion {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @IntColumn({ name: 'version' })
  version!: number;
}
