import { Entity, PrimaryColumn } from 'typeorm';
import { BoolColumn, IntColumn, JsonColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';
import type { SubAccountStatus } from '../../domain/subAccount.js';

export { SUB_ACCOUNT_STATUSES, type SubAccountStatus } from '../../domain/subAccount.js';

/**
 * An IAM user AirGate manages. `balance` and `lastSeq` cache the head of its ledger chain and change only
 * under this row's lock. `disabledKeys` and `loginDisabled` record exactly what AirGate turned off, so an
 * enable restores that and nothing else. Alerts: `alertEpoch` grows with each allocation that re-arms
 * steps; `alertedStep` is the highest step already alerted in the epoch.
 */
@Entity({ name: 'sub_accounts' })
export class SubAccount {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'account_id', length: 36 })
  accountId!: string;

  @VarcharColumn({ name: 'user_name', length: 128 })
  userName!: string;

  @VarcharColumn({ name: 'display_name', length: 128, nullable: true })
  displayName!: string | null;

  @VarcharColumn({ name: 'volc_user_id', length: 64, nullable: true })
  volcUserId!: string | null;

  @VarcharColumn({ name: 'volc_trn', length: 255, nullable: true })
  volcTrn!: string | null;

  @VarcharColumn({ name: 'status', length: 16 })
  status!: SubAccountStatus;

  @VarcharColumn({ name: 'disabled_reason', length: 255, nullable: true })
  disabledReason!: string | null;

  @TimeColumn({ name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @JsonColumn({ name: 'disabled_keys', nullable: true })
  disabledKeys!: string[] | null;

  /** IAM API keys AirGate turned inactive (restored by an enable, like disabledKeys). */
  @JsonColumn({ name: 'disabled_api_keys', nullable: true })
  disabledApiKeys!: string[] | null;

  @BoolColumn({ name: 'login_disabled' })
  loginDisabled!: boolean;

  @TimeColumn({ name: 'reenable_requested_at', nullable: true })
  reenableRequestedAt!: Date | null;

  @VarcharColumn({ name: 'owner_open_id', length: 64, nullable: true })
  ownerOpenId!: string | null;

  @JsonColumn({ name: 'thresholds', nullable: true })
  thresholds!: number[] | null;

  @IntColumn({ name: 'alert_epoch' })
  alertEpoch!: number;

  @IntColumn({ name: 'alerted_step', nullable: true })
  alertedStep!: number | null;

  @BoolColumn({ name: 'early_warned' })
  earlyWarned!: boolean;

  @MoneyColumn({ name: 'balance' })
  balance!: string;

  @IntColumn({ name: 'last_seq' })
  lastSeq!: number;

  @IntColumn({ name: 'version' })
  version!: number;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
