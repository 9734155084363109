import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn } from './lib/columns.js';

/**
 * IAM API keys (2026) are a sub-account's credential beside its access keys: a disable turns them off
 * too, and records exactly which ones, so an enable restores those and nothing else.
 */
export class SubAccountApiKeys1796000200000 implements MigrationInterface {
  name = 'SubAccountApiKeys1796000200000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'sub_accounts',
      new TableColumn(jsonColumn(qr, 'disabled_api_keys', { isNullable: true })),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('sub_accounts', 'disabled_api_keys');
  }
}
