import type { LedgerEntryDto } from '../../db/repos/ledger.js';
import type { NewAudit } from '../../db/repos/audit.js';
import type { SubAccountDto, SubAccountPatch } from '../../db/repos/subAccounts.js';
import type { LedgerSource } from '../../domain/ledger.js';
import {
  planLedgerWrites as planInDomain,
  type LedgerRefusal,
  type LedgerWrite,
  type PlannedWrite,
} from '../../domain/ledgerPlan.js';
import type { Money } from '../../domain/money.js';
import type { QuotaStatus } from '../../domain/quota.js';
import { ConflictError } from '../../errors.js';
import { actorId, defaultSource, type Actor } from '../../policies/actor.js';
import { DeductionTooLargeError } from './errors.js';

export type LedgerWriteInput = {
  actor: Actor;
  subAccountId: string;
  /** Signed: + allocates, − deducts. */
  amount: Money;
  note: string;
  /** Idempotency: a second write with the same id on the same sub-account returns the first entry. */
  requestId: string;
  source?: LedgerSource;
  quotaRequestId?: string | null;
  reversesEntryId?: string | null;
  /** false when the caller writes the audit entry of a larger change itself (an approval). */
  audit?: boolean;
};

export type LedgerWriteResult = {
  entry: LedgerEntryDto;
  subAccount: SubAccountDto;
  quota: QuotaStatus;
  /** The same requestId was written before: nothing new was written. */
  replayed: boolean;
  /** The allocation brought a sub-account disabled for its quota back under 100 %: enable it. */
  reenableRequested: boolean;
};

export type LedgerOutcome = { ok: true; result: LedgerWriteResult } | { ok: false; error: Error };

/** What the locked transaction read: the row, the known spend, the thresholds and earlier entries by request id. */
export type LedgerBatchStart = {
  sub: SubAccountDto;
  spent: Money;
  /** The steps in force (the override or the global ones); needed only when the batch allocates. */
  thresholds: readonly number[] | undefined;
  previous: ReadonlyMap<string, LedgerEntryDto>;
};

export type LedgerBatchPlan = {
  /** One per write, in the order given. */
  outcomes: LedgerOutcome[];
  /** The new entries in seq order (empty when every write was a replay or refused). */
  entries: LedgerEntryDto[];
  audits: NewAudit[];
  /** The head and row changes to store once, or null when nothing new is written. */
  head: { fromSeq: number; lastSeq: number; balance: Money; patch: SubAccountPatch } | null;
};

/**
 * Applies ledger writes to one sub-account in order, in memory, exactly as they would run one after the
 * other (the domain's planLedgerWrites), and turns the plan into what the caller stores: a refused write
 * becomes its error (a ConflictError for a request id reused with another amount, a DeductionTooLargeError),
 * an applied one its audit entry. Pure: the caller reads `start` under the row lock and stores the plan in
 * the same transaction.
 */
export function planLedgerWrites(
  start: LedgerBatchStart,
  writes: readonly LedgerWriteInput[],
  ctx: { now: Date; newId: () => string },
): LedgerBatchPlan {
  const plan = planInDomain(
    { account: start.sub, spent: start.spent, thresholds: start.thresholds, previous: start.previous },
    writes.map(toLedgerWrite),
    ctx,
  );
  const audits: NewAudit[] = [];
  const outcomes = plan.writes.map((p, i): LedgerOutcome => {
    if (!p.ok) return { ok: false, error: refusalError(p.refusal) };
    const { entry, account: subAccount, quota, replayed, reenableRequested } = p;
    if (!replayed && writes[i]!.audit !== false) audits.push(auditOf(p, ctx.now));
    return { ok: true, result: { entry, subAccount, quota, replayed, reenableRequested } };
  });
  return { outcomes, entries: plan.entries, audits, head: plan.head };
}

function toLedgerWrite(input: LedgerWriteInput): LedgerWrite {
  return {
    amount: input.amount,
    requestId: input.requestId,
    operator: actorId(input.actor),
    source: input.source ?? defaultSource(input.actor),
    note: input.note,
    quotaRequestId: input.quotaRequestId ?? null,
    reversesEntryId: input.reversesEntryId ?? null,
  };
}

function refusalError(r: LedgerRefusal): Error {
  switch (r.kind) {
    case 'request_id_reused':
      return new ConflictError({ reason: 'request_id_reused', params: { requestId: r.requestId } });
    case 'deduction_too_large':
      return new DeductionTooLargeError(r.requested, r.max);
  }
}

function auditOf(p: Extract<PlannedWrite<SubAccountDto>, { ok: true }>, now: Date): NewAudit {
  const { entry } = p;
  return {
    actor: entry.operator,
    action: entry.amount.gt(0) ? 'quota.allocate' : 'quota.deduct',
    targetType: 'sub_account',
    targetId: entry.subAccountId,
    // Stored as JSON: Money is written as its decimal string.
    before: p.before,
    after: {
      balance: entry.balanceAfter,
      seq: entry.seq,
      entryId: entry.id,
      amount: entry.amount,
      note: entry.note,
      reenableRequested: p.reenableRequested,
    },
    requestId: entry.requestId,
    createdAt: now,
  };
}
