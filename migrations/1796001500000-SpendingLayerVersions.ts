import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './lib/columns.js';

/**
 * A counter per main account that every write of its stored spending layers raises in the same
 * transaction (src/db/repos/layerVersions.ts), so that a reader can keep what it computed from those rows
 * for as long as the counter stays (the REST read's cached layers). Every account that has stored layer
 * rows gets a counter here, so that an account without one has none (its layers are the bill alone).
 */
export class SpendingLayerVersions1796001500000 implements MigrationInterface {
  name = 'SpendingLayerVersions1796001500000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'spending_layer_versions',
        columns: [varchar('account_id', 36, { isPrimary: true }), { name: 'version', type: 'int' }],
      }),
    );
    await qr.query(`INSERT INTO spending_layer_versions (account_id, version)
SELECT account_id, 1 FROM (
  SELECT account_id FROM spending_estimates
  UNION SELECT account_id FROM spending_billed
  UNION SELECT account_id FROM spending_errors
  UNION SELECT account_id FROM spending_calibrations
  UNION SELECT account_id FROM project_pauses WHERE decision = 'skip'
) accounts`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('spending_layer_versions');
  }
}
