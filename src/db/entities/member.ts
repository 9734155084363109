import { Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, TimeColumn, VarcharColumn } from './columns.js';
import type { Role } from '../../domain/roles.js';

/** A person known by Feishu open_id, with roles (admin, approver, lead, viewer). */
@Entity({ name: 'members' })
export class Member {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'open_id', length: 64 })
  openId!: string;

  @VarcharColumn({ name: 'name', length: 128 })
  name!: string;

  @JsonColumn({ name: 'roles' })
  roles!: Role[];

  @VarcharColumn({ name: 'locale', length: 8, nullable: true })
  locale!: string | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
