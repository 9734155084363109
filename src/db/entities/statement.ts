import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * One main account's month-end statement (`period` 'YYYY-MM'), written once after the month's bill is final:
 * unique (account_id, period) is the "once". `lines` is the statement itself (plain JSON, money as decimal
 * strings); `total_spending` equals the final bill's sum. The Base (多维表格) copy is written in batches after
 * the row: `bitable_state` pending → written (or off when no Base is configured), `bitable_batches` how many
 * batches reached it, `bitable_error` the last failure (retried on the next run).
 */
@Entity({ name: 'statements' })
@Index('ux_statements_account_period', ['accountId', 'period'], { unique: true })
export class Statement {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'period', length: 7 })
  period!: string;

  @JsonColumn({ name: 'lines' })
  lines!: unknown[];

  @MoneyColumn({ name: 'total_spending' })
  totalSpending!: string;

  @IntColumn({ name: 'bill_rows' })
  billRows!: number;

  @VarcharColumn({ name: 'bitable_state', length: 16 })
  bitableState!: 'pending' | 'written' | 'off';

  @IntColumn({ name: 'bitable_batches' })
  bitableBatches!: number;

  @VarcharColumn({ name: 'bitable_table_id', length: 64, nullable: true })
  bitableTableId!: string | null;

  @VarcharColumn({ name: 'bitable_error', length: 500, nullable: true })
  bitableError!: string | null;

  @IntColumn({ name: 'attempts' })
  attempts!: number;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
