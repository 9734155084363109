import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/**
 * Notifications as event rows (see src/db/entities/notification.ts): written with the change that causes
 * them, rendered into cards at the Feishu edge, delivered by the outbox. `dedupe_key` makes "tell once"
 * a unique index rather than a search of the outbox.
 */
export class Notifications1796000600000 implements MigrationInterface {
  name = 'Notifications1796000600000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'notifications',
        columns: [
          uuidPrimary(),
          varchar('kind', 64),
          varchar('subject_type', 32),
          varchar('subject_id', 191),
          jsonColumn(qr, 'view'),
          jsonColumn(qr, 'recipients'),
          varchar('dedupe_key', 191, { isNullable: true }),
          jsonColumn(qr, 'outbox', { isNullable: true }),
          timeColumn(qr, 'created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_notifications_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({
            name: 'ix_notifications_subject',
            columnNames: ['subject_type', 'subject_id', 'created_at'],
          }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('notifications');
  }
}
