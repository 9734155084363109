import { Entity, PrimaryColumn } from 'typeorm';
import { MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * The billed-unsplit layer of one main account on one open bill day (Asia/Shanghai) for one model: what the
 * bill detail (ListBillDetail, 5-minute rows, no project) charged over the day's complete hours up to
 * `spanUntil`, beside the raw estimate (usage × price, all projects) of the same hours. billed ÷ estimated
 * calibrates the model's estimate while the split bill cannot tie the spending to a project yet.
 */
@Entity({ name: 'spending_billed' })
export class SpendingBilled {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'day', length: 10 })
  day!: string;

  @VarcharColumn({ name: 'model', length: 128 })
  model!: string;

  @MoneyColumn({ name: 'billed' })
  billed!: string;

  @MoneyColumn({ name: 'estimated' })
  estimated!: string;

  @TimeColumn({ name: 'span_until' })
  spanUntil!: Date;

  @TimeColumn({ name: 'read_at' })
  readAt!: Date;
}
