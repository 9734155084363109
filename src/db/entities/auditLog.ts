import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TimeColumn, VarcharColumn } from './columns.js';

/** One change, written in the transaction that made it: who, what, on which target, before and after. */
@Entity({ name: 'audit_logs' })
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @VarcharColumn({ name: 'actor', length: 128 })
  actor!: string;

  @VarcharColumn({ name: 'action', length: 64 })
  action!: string;

  @VarcharColumn({ name: 'target_type', length: 32 })
  targetType!: string;

  @VarcharColumn({ name: 'target_id', length: 191 })
  targetId!: string;

  @JsonColumn({ name: 'before', nullable: true })
  before!: unknown;

  @JsonColumn({ name: 'after', nullable: true })
  after!: unknown;

  @VarcharColumn({ name: 'request_id', length: 128, nullable: true })
  requestId!: string | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
