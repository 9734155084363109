import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, TimeColumn, VarcharColumn } from './columns.js';

export const QUOTA_REQUEST_STATES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type QuotaRequestState = (typeof QUOTA_REQUEST_STATES)[number];

/** A person on a request's approver route: open_id and the name shown. */
export type RoutePersonRecord = { openId: string; name: string };

/**
 * Who decides a request, fixed when it is filed. `steps`: a department route's people, asked in turn (the
 * leader, then above the escalation amount the leader's leader); empty on the configured route, where any
 * of `openIds` (or anyone with the approver role) decides alone.
 */
export type RequestRouteRecord = {
  source: 'department' | 'configured';
  department: { id: string; name: string } | null;
  leader: RoutePersonRecord | null;
  upper: RoutePersonRecord | null;
  escalateAbove: string | null;
  escalated: boolean;
  steps: RoutePersonRecord[];
  openIds: string[];
};

/** One approved step of a multi-step route: who, when (ISO), the amount let through (decimal string). */
export type StepApprovalRecord = { by: string; at: string; amount: string; note: string | null };

/**
 * A request for more quota. State only moves forward from `pending`, by compare-and-set on (status, version).
 * `idempotencyKey` is unique per requester; `bodyHash` tells a retry from a different request with the same key.
 */
@Entity({ name: 'quota_requests' })
export class QuotaRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @VarcharColumn({ name: 'sub_account_id', length: 36 })
  subAccountId!: string;

  @MoneyColumn({ name: 'amount' })
  amount!: string;

  @MoneyColumn({ name: 'approved_amount', nullable: true })
  approvedAmount!: string | null;

  @VarcharColumn({ name: 'reason', length: 500 })
  reason!: string;

  @VarcharColumn({ name: 'requester', length: 128 })
  requester!: string;

  @VarcharColumn({ name: 'source', length: 16 })
  source!: string;

  @VarcharColumn({ name: 'status', length: 16 })
  status!: QuotaRequestState;

  @VarcharColumn({ name: 'decided_by', length: 128, nullable: true })
  decidedBy!: string | null;

  @TimeColumn({ name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @VarcharColumn({ name: 'decision_note', length: 500, nullable: true })
  decisionNote!: string | null;

  @VarcharColumn({ name: 'ledger_entry_id', length: 36, nullable: true })
  ledgerEntryId!: string | null;

  @VarcharColumn({ name: 'card_message_id', length: 128, nullable: true })
  cardMessageId!: string | null;

  /** When the approval card was written for the approvers (null: nobody could be told yet). */
  @TimeColumn({ name: 'announced_at', nullable: true })
  announcedAt!: Date | null;

  /** When the decision reached every delivered copy of the card and the requester (null: not yet). */
  @TimeColumn({ name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @VarcharColumn({ name: 'idempotency_key', length: 128, nullable: true })
  idempotencyKey!: string | null;

  @VarcharColumn({ name: 'body_hash', length: 64, nullable: true })
  bodyHash!: string | null;

  @TimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  /** The approver route it was filed with (null: filed before routes were kept; read live). */
  @JsonColumn({ name: 'route', nullable: true })
  route!: RequestRouteRecord | null;

  /** The steps approved so far on a multi-step route, in order (null or empty: none). */
  @JsonColumn({ name: 'step_approvals', nullable: true })
  stepApprovals!: StepApprovalRecord[] | null;

  @IntColumn({ name: 'version' })
  version!: number;

  @TimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
