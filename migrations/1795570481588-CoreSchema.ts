import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jsonColumn, moneyColumn, timeColumn, uuidPrimary, varchar } from './lib/columns.js';

/**
 * Issue 4's data: main accounts, sub-accounts and their projects, the quota ledger, quota requests,
 * spending records, alerts, settings, members, API keys and the audit log.
 */
export class CoreSchema1795570481588 implements MigrationInterface {
  name = 'CoreSchema1795570481588';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => ({ name, type: 'int', isNullable: nullable });
    const bool = (name: string) => ({ name, type: 'boolean', default: 0 });
    const serial = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    const time = (name: string, nullable = false) => timeColumn(qr, name, { isNullable: nullable });
    const money = (name: string, nullable = false) => moneyColumn(qr, name, { isNullable: nullable });
    const json = (name: string, nullable = false) => jsonColumn(qr, name, { isNullable: nullable });
    const str = (name: string, length: number, nullable = false) =>
      varchar(name, length, { isNullable: nullable });
    const fk = (column: string, table: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'RESTRICT',
      });
    const unique = (name: string, columnNames: string[]) =>
      new TableIndex({ name, columnNames, isUnique: true });
    const index = (name: string, columnNames: string[]) => new TableIndex({ name, columnNames });

    await qr.createTable(
      new Table({
        name: 'volc_accounts',
        columns: [
          uuidPrimary(),
          str('name', 64),
          str('source', 8),
          str('access_key_id', 128),
          str('secret_sealed', 512, true),
          str('region', 32),
          str('endpoint', 255, true),
          int('version'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [unique('uq_volc_accounts_name', ['name'])],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'sub_accounts',
        columns: [
          uuidPrimary(),
          str('account_id', 36),
          str('user_name', 128),
          str('display_name', 128, true),
          str('volc_user_id', 64, true),
          str('volc_trn', 255, true),
          str('status', 16),
          str('disabled_reason', 255, true),
          time('disabled_at', true),
          json('disabled_keys', true),
          bool('login_disabled'),
          time('reenable_requested_at', true),
          str('owner_open_id', 64, true),
          json('thresholds', true),
          int('alert_epoch'),
          int('alerted_step', true),
          bool('early_warned'),
          money('balance'),
          int('last_seq'),
          int('version'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          unique('uq_sub_accounts_account_user', ['account_id', 'user_name']),
          index('ix_sub_accounts_user_name', ['user_name']),
          index('ix_sub_accounts_owner', ['owner_open_id']),
        ],
        foreignKeys: [fk('account_id', 'volc_accounts')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'sub_account_projects',
        columns: [
          uuidPrimary(),
          str('sub_account_id', 36),
          str('account_id', 36),
          str('project_name', 128),
          bool('monitored'),
          str('counts_from', 10),
          json('attached_policies'),
          money('spent'),
          time('spent_updated_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          unique('uq_projects_account_project', ['account_id', 'project_name']),
          index('ix_projects_sub_account', ['sub_account_id']),
        ],
        foreignKeys: [fk('sub_account_id', 'sub_accounts'), fk('account_id', 'volc_accounts')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'ledger_entries',
        columns: [
          uuidPrimary(),
          str('sub_account_id', 36),
          int('seq'),
          money('amount'),
          money('balance_after'),
          str('operator', 128),
          str('source', 16),
          str('note', 500),
          str('request_id', 128),
          str('quota_request_id', 36, true),
          str('reverses_entry_id', 36, true),
          time('created_at'),
        ],
        indices: [
          unique('uq_ledger_sub_account_seq', ['sub_account_id', 'seq']),
          unique('uq_ledger_sub_account_request', ['sub_account_id', 'request_id']),
        ],
        foreignKeys: [fk('sub_account_id', 'sub_accounts')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'quota_requests',
        columns: [
          uuidPrimary(),
          str('sub_account_id', 36),
          money('amount'),
          money('approved_amount', true),
          str('reason', 500),
          str('requester', 128),
          str('source', 16),
          str('status', 16),
          str('decided_by', 128, true),
          time('decided_at', true),
          str('decision_note', 500, true),
          str('ledger_entry_id', 36, true),
          str('card_message_id', 128, true),
          str('idempotency_key', 128, true),
          str('body_hash', 64, true),
          time('expires_at'),
          int('version'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          unique('uq_quota_requests_idempotency', ['requester', 'idempotency_key']),
          index('ix_quota_requests_status_expiry', ['status', 'expires_at']),
          index('ix_quota_requests_sub_account', ['sub_account_id', 'created_at']),
        ],
        foreignKeys: [fk('sub_account_id', 'sub_accounts')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'spending_records',
        columns: [
          uuidPrimary(),
          str('account_id', 36),
          str('project_name', 128),
          str('day', 10),
          money('amount'),
          time('updated_at'),
        ],
        indices: [unique('uq_spending_account_project_day', ['account_id', 'project_name', 'day'])],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'alerts',
        columns: [
          serial,
          str('account_id', 36, true),
          str('sub_account_id', 36, true),
          str('type', 32),
          str('level', 16),
          money('percent', true),
          int('epoch', true),
          json('details'),
          str('dedupe_key', 191, true),
          str('delivery_state', 16),
          time('delivered_at', true),
          time('created_at'),
        ],
        indices: [
          unique('uq_alerts_dedupe', ['dedupe_key']),
          index('ix_alerts_sub_account_created', ['sub_account_id', 'created_at']),
          index('ix_alerts_type_created', ['type', 'created_at']),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'settings',
        columns: [
          { ...str('key', 64), isPrimary: true },
          json('value'),
          str('updated_by', 128),
          time('updated_at'),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'members',
        columns: [
          uuidPrimary(),
          str('open_id', 64),
          str('name', 128),
          json('roles'),
          str('locale', 8, true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [unique('uq_members_open_id', ['open_id'])],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          uuidPrimary(),
          str('name', 64),
          str('prefix', 16),
          str('key_hash', 64),
          json('scopes'),
          str('created_by', 128),
          time('created_at'),
          time('last_used_at', true),
          time('revoked_at', true),
          str('revoked_by', 128, true),
        ],
        indices: [unique('uq_api_keys_prefix', ['prefix'])],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'audit_logs',
        columns: [
          serial,
          str('actor', 128),
          str('action', 64),
          str('target_type', 32),
          str('target_id', 191),
          json('before', true),
          json('after', true),
          str('request_id', 128, true),
          time('created_at'),
        ],
        indices: [
          index('ix_audit_target', ['target_type', 'target_id']),
          index('ix_audit_created', ['created_at']),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of [
      'audit_logs',
      'api_keys',
      'members',
      'settings',
      'alerts',
      'spending_records',
      'quota_requests',
      'ledger_entries',
      'sub_account_projects',
      'sub_accounts',
      'volc_accounts',
    ]) {
      await qr.dropTable(table);
    }
  }
}
