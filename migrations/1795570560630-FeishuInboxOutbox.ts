import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isMysqlRunner, jsonColumn, timeColumn, varchar } from './lib/columns.js';

/** Feishu's durable inbox (event-id de-duplication) and the outbox of messages still to deliver. */
export class FeishuInboxOutbox1795570560630 implements MigrationInterface {
  name = 'FeishuInboxOutbox1795570560630';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'feishu_inbox_events',
        columns: [
          varchar('event_id', 128, { isPrimary: true }),
          varchar('event_type', 100),
          varchar('source', 8),
          varchar('status', 16),
          jsonColumn(qr, 'payload'),
          { name: 'attempts', type: 'int', default: 0 },
          timeColumn(qr, 'lease_until', { isNullable: true }),
          timeColumn(qr, 'received_at'),
          timeColumn(qr, 'processed_at', { isNullable: true }),
          varchar('last_error', 1000, { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'idx_feishu_inbox_status_received',
            columnNames: ['status', 'received_at'],
          }),
          new TableIndex({ name: 'idx_feishu_inbox_received', columnNames: ['received_at'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'feishu_outbox',
        columns: [
          {
            name: 'id',
            // SQLite only auto-increments an INTEGER PRIMARY KEY.
            type: isMysqlRunner(qr) ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('uuid', 36),
          varchar('dedupe_key', 191, { isNullable: true }),
          varchar('order_key', 191),
          varchar('kind', 16),
          jsonColumn(qr, 'payload'),
          varchar('status', 16),
          { name: 'attempts', type: 'int', default: 0 },
          timeColumn(qr, 'next_attempt_at'),
          varchar('lease_owner', 64, { isNullable: true }),
          timeColumn(qr, 'lease_until', { isNullable: true }),
          varchar('last_error', 1000, { isNullable: true }),
          varchar('feishu_message_id', 64, { isNullable: true }),
          timeColumn(qr, 'created_at'),
          timeColumn(qr, 'sent_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_feishu_outbox_uuid', columnNames: ['uuid'], isUnique: true }),
          new TableIndex({ name: 'uq_feishu_outbox_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_feishu_outbox_order', columnNames: ['order_key', 'status', 'id'] }),
          new TableIndex({ name: 'idx_feishu_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('feishu_outbox');
    await qr.dropTable('feishu_inbox_events');
  }
}
