import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/** A sub-account's bill-visible spend at one moment (at most hourly): the 24 h burn rate comes from these. */
@Entity({ name: 'spending_snapshots' })
export class SpendingSnapshot {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @VarcharColumn({ name: 'sub_account_id', length: 36 })
  subAccountId!: string;

  @TimeColumn({ name: 'at' })
  at!: Date;

  @MoneyColumn({ name: 'spent' })
  spent!: string;
}
