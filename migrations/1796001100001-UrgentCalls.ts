import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/** Urgent (加急) calls owed for delivered alert cards (src/db/entities/urgentCall.ts). */
export class UrgentCalls1796001100001 implements MigrationInterface {
  name = 'UrgentCalls1796001100001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'feishu_urgent_calls',
        columns: [
          uuidPrimary(),
          varchar('outbox_uuid', 64),
          varchar('notification_id', 36),
          varchar('message_id', 64),
          varchar('method', 16),
          jsonColumn(qr, 'open_ids'),
          jsonColumn(qr, 'invalid_open_ids', { isNullable: true }),
          varchar('status', 16),
          { name: 'attempts', type: 'int' },
          timeColumn(qr, 'next_attempt_at'),
          varchar('last_error', 500, { isNullable: true }),
          timeColumn(qr, 'created_at'),
          timeColumn(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_feishu_urgent_calls_outbox',
            columnNames: ['outbox_uuid'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_feishu_urgent_calls_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('feishu_urgent_calls');
  }
}
