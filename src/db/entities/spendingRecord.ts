import { Entity, PrimaryColumn } from 'typeorm';
import { MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

/** A project's spending on one bill day (Asia/Shanghai) of one main account; a late revision replaces it. */
@Entity({ name: 'spending_records' })
export class SpendingRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'project_name', length: 128 })
  projectName!: string;

  @VarcharColumn({ name: 'day', length: 10 })
  day!: string;

  @MoneyColumn({ name: 'amount' })
  amount!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
