import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { moneyColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/**
 * Issue 14, the billed-unsplit layer and the estimate's error per project: the account's Ark bill detail
 * (ListBillDetail, 5-minute rows) per open day and model beside the raw estimate of the same hours; on each
 * estimate, the part of it those hours cover; and per project and model, the raw estimate against the final
 * bill over closed days.
 */
export class BilledLayer1796001200000 implements MigrationInterface {
  name = 'BilledLayer1796001200000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'spending_billed',
        columns: [
          uuidPrimary(),
          varchar('account_id', 36),
          varchar('day', 10),
          varchar('model', 128),
          moneyColumn(qr, 'billed'),
          moneyColumn(qr, 'estimated'),
          timeColumn(qr, 'span_until'),
          timeColumn(qr, 'read_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_spending_billed_key',
            columnNames: ['account_id', 'day', 'model'],
            isUnique: true,
          }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'spending_errors',
        columns: [
          uuidPrimary(),
          varchar('account_id', 36),
          varchar('project_name', 128),
          varchar('model', 128),
          moneyColumn(qr, 'estimated'),
          moneyColumn(qr, 'final_amount'),
          varchar('last_day', 10),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_spending_errors_key',
            columnNames: ['account_id', 'project_name', 'model'],
            isUnique: true,
          }),
        ],
      }),
    );
    await qr.addColumn(
      'spending_estimates',
      new TableColumn(moneyColumn(qr, 'billed_span', { isNullable: false, default: "'0'" })),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('spending_estimates', 'billed_span');
    await qr.dropTable('spending_errors');
    await qr.dropTable('spending_billed');
  }
}
