import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './lib/columns.js';

/**
 * A counter per main account that every write of its stored spending layers raises in the same
 * transaction (src/db/repos/layerVersions.ts), so that a reader can keep what it computed from those rows
 * for as long as the counter stays (the REST read's cached layers). An account without a row has had no
 * such write since this version: its counter reads as NULL until its first one.
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
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('spending_layer_versions');
  }
}
