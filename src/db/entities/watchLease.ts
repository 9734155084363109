import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * The lease of the spending-watch cycle. `fence` grows by one with every acquisition: a holder whose fence
 * is no longer the row's has lost the cycle, and each of its writes is refused.
 */
@Entity({ name: 'watch_leases' })
export class WatchLease {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'name' })
  name!: string;

  @IntColumn({ name: 'fence' })
  fence!: number;

  @VarcharColumn({ name: 'holder', length: 128, nullable: true })
  holder!: string | null;

  @TimeColumn({ name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
