import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timeColumn, varchar } from './lib/columns.js';

/**
 * The approval centre's sync queue: one row per quota request, written in the transaction of each change
 * (`wanted_version` = the request's version to show). The sync loop pushes the request's state to Feishu
 * and records `synced_version`; a failed push keeps the row due again later (`next_attempt_at`), so a
 * change is never dropped while Feishu is down.
 */
export class ApprovalCenterSync1796001000000 implements MigrationInterface {
  name = 'ApprovalCenterSync1796001000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'approval_center_syncs',
        columns: [
          varchar('quota_request_id', 36, { isPrimary: true }),
          { name: 'wanted_version', type: 'int' },
          { name: 'synced_version', type: 'int' },
          { name: 'attempts', type: 'int' },
          timeColumn(qr, 'next_attempt_at'),
          varchar('last_error', 255, { isNullable: true }),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [new TableIndex({ name: 'ix_approval_center_syncs_due', columnNames: ['next_attempt_at'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('approval_center_syncs');
  }
}
