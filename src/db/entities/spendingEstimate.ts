import { Entity, PrimaryColumn } from 'typeorm';
import { MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * The estimated layer of a project's spending on one open bill day (Asia/Shanghai) for one model: Ark usage
 * × the account's own price, uncalibrated, as of `usageAsOf`. It stands in for the split bill until that day
 * is closed; then it is kept (with the bill's figure of the day) to measure how wrong estimates are.
 */
@Entity({ name: 'spending_estimates' })
export class SpendingEstimate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'project_name', length: 128 })
  projectName!: string;

  @VarcharColumn({ name: 'day', length: 10 })
  day!: string;

  @VarcharColumn({ name: 'model', length: 128 })
  model!: string;

  @MoneyColumn({ name: 'estimated' })
  estimated!: string;

  /** The split bill's Ark figure of the project and day (all models) when this row was written. */
  /** the raw estimate of the hours the billed layer (ListBillDetail) covered when it was stored */
  @MoneyColumn({ name: 'billed_span' })
  billedSpan!: string;

  @MoneyColumn({ name: 'ark_final' })
  arkFinal!: string;

  @TimeColumn({ name: 'usage_as_of' })
  usageAsOf!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
