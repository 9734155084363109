import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * A main account's billing sync as the watch last saw it: when its bill was last read completely, the
 * newest bill day seen, and — while its sweeps fail — since when and how many times in a row.
 */
@Entity({ name: 'watch_accounts' })
export class WatchAccount {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'account_id' })
  accountId!: string;

  @TimeColumn({ name: 'last_complete_at', nullable: true })
  lastCompleteAt!: Date | null;

  @VarcharColumn({ name: 'newest_day', length: 10, nullable: true })
  newestDay!: string | null;

  @TimeColumn({ name: 'failing_since', nullable: true })
  failingSince!: Date | null;

  @IntColumn({ name: 'failures' })
  failures!: number;

  @VarcharColumn({ name: 'last_error', length: 500, nullable: true })
  lastError!: string | null;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
