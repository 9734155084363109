import { Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, TimeColumn, VarcharColumn } from './columns.js';
import type { ApiScope } from '../../domain/roles.js';

/** An API key for an external system: only its SHA-256 is stored, beside a visible prefix to find it by. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'name', length: 64 })
  name!: string;

  @VarcharColumn({ name: 'prefix', length: 16 })
  prefix!: string;

  @VarcharColumn({ name: 'key_hash', length: 64 })
  keyHash!: string;

  @JsonColumn({ name: 'scopes' })
  scopes!: ApiScope[];

  @VarcharColumn({ name: 'created_by', length: 128 })
  createdBy!: string;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @TimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @VarcharColumn({ name: 'revoked_by', length: 128, nullable: true })
  revokedBy!: string | null;
}
