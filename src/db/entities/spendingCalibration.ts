import { Entity, PrimaryColumn } from 'typeorm';
import { MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * How the estimates of one model (of one main account, all its projects) compared with the final bill over
 * the closed days both covered: `ratio` = final ÷ estimated, applied to the next estimates.
 */
@Entity({ name: 'spending_calibrations' })
export class SpendingCalibration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'model', length: 128 })
  model!: string;

  @MoneyColumn({ name: 'ratio' })
  ratio!: string;

  @MoneyColumn({ name: 'estimated' })
  estimated!: string;

  @MoneyColumn({ name: 'final_amount' })
  finalAmount!: string;

  @VarcharColumn({ name: 'last_day', length: 10 })
  lastDay!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
