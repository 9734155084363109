import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { moneyColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/**
 * Issue 14: the estimated layer of spending (Ark usage × the account's price per project, open day and model)
 * and the calibration of those estimates per model against the final bill.
 */
export class SpendingLayers1796000800000 implements MigrationInterface {
  name = 'SpendingLayers1796000800000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'spending_estimates',
        columns: [
          uuidPrimary(),
          varchar('account_id', 36),
          varchar('project_name', 128),
          varchar('day', 10),
          varchar('model', 128),
          moneyColumn(qr, 'estimated'),
          moneyColumn(qr, 'ark_final'),
          timeColumn(qr, 'usage_as_of'),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_spending_estimates_key',
            columnNames: ['account_id', 'project_name', 'day', 'model'],
            isUnique: true,
          }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'spending_calibrations',
        columns: [
          uuidPrimary(),
          varchar('account_id', 36),
          varchar('model', 128),
          moneyColumn(qr, 'ratio'),
          moneyColumn(qr, 'estimated'),
          moneyColumn(qr, 'final_amount'),
          varchar('last_day', 10),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_spending_calibrations_key',
            columnNames: ['account_id', 'model'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('spending_calibrations');
    await qr.dropTable('spending_estimates');
  }
}
