import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

export const ALERT_LEVELS = ['info', 'warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export const ALERT_DELIVERY = ['pending', 'sent', 'failed'] as const;
export type AlertDelivery = (typeof ALERT_DELIVERY)[number];

/**
 * An alert decided by the watch (threshold, exhausted, early warning, disabled, enabled, sync error…).
 * `dedupeKey` is unique: the insert is the "at most once per epoch" check.
 */
@Entity({ name: 'alerts' })
export class Alert {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @VarcharColumn({ name: 'account_id', length: 36, nullable: true })
  accountId!: string | null;

  @VarcharColumn({ name: 'sub_account_id', length: 36, nullable: true })
  subAccountId!: string | null;

  @VarcharColumn({ name: 'type', length: 32 })
  type!: string;

  @VarcharColumn({ name: 'level', length: 16 })
  level!: AlertLevel;

  @MoneyColumn({ name: 'percent', nullable: true })
  percent!: string | null;

  @IntColumn({ name: 'epoch', nullable: true })
  epoch!: number | null;

  @JsonColumn({ name: 'details' })
  details!: Record<string, unknown>;

  @VarcharColumn({ name: 'dedupe_key', length: 191, nullable: true })
  dedupeKey!: string | null;

  @VarcharColumn({ name: 'delivery_state', length: 16 })
  deliveryState!: AlertDelivery;

  @TimeColumn({ name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
