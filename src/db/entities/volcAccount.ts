import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, TimeColumn, VarcharColumn } from './columns.js';

/**
 * A Volcengine main account. `source = 'env'` is the single-account install: its credentials come from the
 * VOLC_* environment and nothing secret is stored. Otherwise the SecretAccessKey is sealed with the
 * secret box (key id inside the sealed text, the row id as associated data).
 */
@Entity({ name: 'volc_accounts' })
export class VolcAccount {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'name', length: 64 })
  name!: string;

  @VarcharColumn({ name: 'source', length: 8 })
  source!: 'env' | 'db';

  @VarcharColumn({ name: 'access_key_id', length: 128 })
  accessKeyId!: string;

  @VarcharColumn({ name: 'secret_sealed', length: 512, nullable: true })
  secretSealed!: string | null;

  @VarcharColumn({ name: 'region', length: 32 })
  region!: string;

  @VarcharColumn({ name: 'endpoint', length: 255, nullable: true })
  endpoint!: string | null;

  @IntColumn({ name: 'version' })
  version!: number;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
