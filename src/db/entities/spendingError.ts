import { Entity, PrimaryColumn } from 'typeorm';
import { MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * How the raw estimates of one project and model compared with the final bill over the closed days kept
 * (the project's Ark figure of a day shared among its models by their calibrated estimates).
 */
@Entity({ name: 'spending_errors' })
export class SpendingError {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'project_name', length: 128 })
  projectName!: string;

  @VarcharColumn({ name: 'model', length: 128 })
  model!: string;

  @MoneyColumn({ name: 'estimated' })
  estimated!: string;

  @MoneyColumn({ name: 'final_amount' })
  finalAmount!: string;

  @VarcharColumn({ name: 'last_day', length: 10 })
  lastDay!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
