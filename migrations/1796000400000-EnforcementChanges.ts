import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/**
 * The Ark enforcement ladder's record: one row per thing AirGate changed on Volcengine for a sub-account
 * (an endpoint throttled or stopped, a Deny policy attached in a project, an API key regenerated), with
 * the state it had before, so that exactly that is restored once the sub-account is under its quota.
 */
export class EnforcementChanges1796000400000 implements MigrationInterface {
  name = 'EnforcementChanges1796000400000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'enforcement_changes',
        columns: [
          uuidPrimary(),
          varchar('account_id', 36),
          varchar('sub_account_id', 36),
          varchar('project_name', 128),
          varchar('lever', 16),
          varchar('target', 191),
          jsonColumn(qr, 'previous', { isNullable: true }),
          varchar('state', 16),
          { name: 'attempts', type: 'int', default: 0 },
          varchar('last_error', 500, { isNullable: true }),
          timeColumn(qr, 'created_at'),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_enforcement_changes_target',
            columnNames: ['sub_account_id', 'lever', 'target'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_enforcement_changes_account', columnNames: ['account_id'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('enforcement_changes');
  }
}
