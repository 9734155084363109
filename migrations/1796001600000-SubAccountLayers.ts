import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { moneyColumn, timeColumn, varchar } from './lib/columns.js';

/**
 * Each sub-account's spending layers as the watch cycle last computed them, with the counter and the inputs
 * they hold for (src/services/spending/storeSubLayers.ts): the first REST read after a cycle reads them by
 * primary key instead of computing them. Empty at first: the next cycle fills it, and until then the
 * readers compute the layers as before.
 */
export class SubAccountLayers1796001600000 implements MigrationInterface {
  name = 'SubAccountLayers1796001600000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'sub_account_layers',
        columns: [
          varchar('sub_account_id', 36, { isPrimary: true }),
          varchar('account_id', 36),
          { name: 'version', type: 'int' },
          varchar('inputs_key', 64),
          moneyColumn(qr, 'extra'),
          moneyColumn(qr, 'billed'),
          timeColumn(qr, 'billed_as_of', { isNullable: true }),
          timeColumn(qr, 'estimated_as_of', { isNullable: true }),
          timeColumn(qr, 'computed_at'),
        ],
        indices: [new TableIndex({ name: 'ix_sub_account_layers_account', columnNames: ['account_id'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('sub_account_layers');
  }
}
