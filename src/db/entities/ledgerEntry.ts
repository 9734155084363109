import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';
import type { LedgerSource } from '../../domain/ledger.js';

/**
 * One immutable link of a sub-account's quota ledger (never updated or deleted; a correction is a new
 * opposite entry that names the one it reverses). Unique (sub_account_id, seq) and
 * (sub_account_id, request_id) back up the row lock and make a replayed write a no-op.
 */
@Entity({ name: 'ledger_entries' })
export class LedgerEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'sub_account_id', length: 36 })
  subAccountId!: string;

  @IntColumn({ name: 'seq' })
  seq!: number;

  @MoneyColumn({ name: 'amount' })
  amount!: string;

  @MoneyColumn({ name: 'balance_after' })
  balanceAfter!: string;

  @VarcharColumn({ name: 'operator', length: 128 })
  operator!: string;

  @VarcharColumn({ name: 'source', length: 16 })
  source!: LedgerSource;

  @VarcharColumn({ name: 'note', length: 500 })
  note!: string;

  @VarcharColumn({ name: 'request_id', length: 128 })
  requestId!: string;

  @VarcharColumn({ name: 'quota_request_id', length: 36, nullable: true })
  quotaRequestId!: string | null;

  @VarcharColumn({ name: 'reverses_entry_id', length: 36, nullable: true })
  reversesEntryId!: string | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
