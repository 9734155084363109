import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { moneyColumn, jsonColumn, timeColumn, varchar } from './lib/columns.js';

/**
 * The spending watch's own state: the cycle lease with its fencing epoch, the log of cycles, each main
 * account's billing-sync health and hourly snapshots of each sub-account's spend (for the 24 h burn rate).
 */
export class WatchState1795572309669 implements MigrationInterface {
  name = 'WatchState1795572309669';

  async up(qr: QueryRunner): Promise<void> {
    const serial = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    const int = (name: string) => ({ name, type: 'int', default: 0 });
    await qr.createTable(
      new Table({
        name: 'watch_leases',
        columns: [
          varchar('name', 64, { isPrimary: true }),
          int('fence'),
          varchar('holder', 128, { isNullable: true }),
          timeColumn(qr, 'lease_until', { isNullable: true }),
          timeColumn(qr, 'updated_at'),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'watch_cycles',
        columns: [
          serial,
          int('fence'),
          varchar('holder', 128),
          varchar('trigger_kind', 16),
          timeColumn(qr, 'started_at'),
          timeColumn(qr, 'finished_at', { isNullable: true }),
          varchar('outcome', 16),
          jsonColumn(qr, 'summary', { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'ix_watch_cycles_started', columnNames: ['started_at'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'watch_accounts',
        columns: [
          varchar('account_id', 36, { isPrimary: true }),
          timeColumn(qr, 'last_complete_at', { isNullable: true }),
          varchar('newest_day', 10, { isNullable: true }),
          timeColumn(qr, 'failing_since', { isNullable: true }),
          int('failures'),
          varchar('last_error', 500, { isNullable: true }),
          timeColumn(qr, 'updated_at'),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'spending_snapshots',
        columns: [serial, varchar('sub_account_id', 36), timeColumn(qr, 'at'), moneyColumn(qr, 'spent')],
        indices: [
          new TableIndex({ name: 'ix_spending_snapshots_sub_at', columnNames: ['sub_account_id', 'at'] }),
          new TableIndex({ name: 'ix_spending_snapshots_at', columnNames: ['at'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['spending_snapshots', 'watch_accounts', 'watch_cycles', 'watch_leases'])
      await qr.dropTable(t);
  }
}
