import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn, moneyColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/** Month-end statements (src/db/entities/statement.ts): one row per main account and month. */
export class Statements1796001100000 implements MigrationInterface {
  name = 'Statements1796001100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'statements',
        columns: [
          uuidPrimary(),
          varchar('account_id', 36),
          varchar('period', 7),
          jsonColumn(qr, 'lines'),
          moneyColumn(qr, 'total_spending'),
          { name: 'bill_rows', type: 'int' },
          varchar('bitable_state', 16),
          { name: 'bitable_batches', type: 'int' },
          varchar('bitable_table_id', 64, { isNullable: true }),
          varchar('bitable_error', 500, { isNullable: true }),
          { name: 'attempts', type: 'int' },
          timeColumn(qr, 'created_at'),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_statements_account_period',
            columnNames: ['account_id', 'period'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('statements');
  }
}
