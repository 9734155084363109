import type { LedgerEntryDto } from '../../db/repos/ledger.js';
import type { NewAudit } from '../../db/repos/audit.js';
import type { SubAccountDto, SubAccountPatch } from '../../db/repos/subAccounts.js';
import type { LedgerSource } from '../../domain/ledger.js';
import { nextLink } from '../../domain/ledger.js';
import type { Money } from '../../domain/money.js';
import { QUOTA_EXHAUSTED_REASON, maxDeductible, quotaStatus, type QuotaStatus } from '../../domain/quota.js';
import { highestReached } from '../../domain/thresholds.js';
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
 * other, each in its own transaction (invariants L1, L2): a replayed request id returns its first entry
 * (or a ConflictError when the amount differs), a deduction is checked against the remaining quota left by
 * the writes before it and refused alone, an allocation starts a new alert epoch and, when it ends a quota
 * disable, records the re-enable intent. Pure: the caller reads `start` under the row lock and stores the
 * plan in the same transaction.
 */
export function planLedgerWrites(
  start: LedgerBatchStart,
  writes: readonly LedgerWriteInput[],
  ctx: { now: Date; newId: () => string },
): LedgerBatchPlan {
  const { now } = ctx;
  const byRequestId = new Map(start.previous);
  const entries: LedgerEntryDto[] = [];
  const audits: NewAudit[] = [];
  let sub = start.sub;
  let patch: SubAccountPatch = {};

  const outcomes = writes.map((input): LedgerOutcome => {
    const previous = byRequestId.get(input.requestId);
    if (previous) {
      if (!previous.amount.eq(input.amount)) {
        const error = new ConflictError({
          reason: 'request_id_reused',
          params: { requestId: input.requestId },
        });
        return { ok: false, error };
      }
      const quota = quotaStatus(sub.balance, start.spent);
      return {
        ok: true,
        result: { entry: previous, subAccount: sub, quota, replayed: true, reenableRequested: false },
      };
    }

    if (input.amount.lt(0)) {
      const max = maxDeductible(sub.balance, start.spent);
      if (input.amount.neg().gt(max))
        return { ok: false, error: new DeductionTooLargeError(input.amount.neg(), max) };
    }

    const link = nextLink({ lastSeq: sub.lastSeq, balance: sub.balance }, input.amount);
    const quota = quotaStatus(link.balanceAfter, start.spent);
    const change: SubAccountPatch = {};
    let reenableRequested = false;
    if (input.amount.gt(0)) {
      if (!start.thresholds) throw new Error('planLedgerWrites: an allocation needs the thresholds in force');
      change.alertEpoch = sub.alertEpoch + 1;
      change.alertedStep = highestReached(quota.percent, start.thresholds);
      change.earlyWarned = false;
      const quotaDisabled =
        sub.disabledReason === QUOTA_EXHAUSTED_REASON &&
        (sub.status === 'disabled' || sub.status === 'disabling');
      if (quotaDisabled && !quota.exhausted) {
        change.reenableRequestedAt = now;
        reenableRequested = true;
      }
    }

    const entry: LedgerEntryDto = {
      id: ctx.newId(),
      subAccountId: sub.id,
      seq: link.seq,
      amount: input.amount,
      balanceAfter: link.balanceAfter,
      operator: actorId(input.actor),
      source: input.source ?? defaultSource(input.actor),
      note: input.note,
      requestId: input.requestId,
      quotaRequestId: input.quotaRequestId ?? null,
      reversesEntryId: input.reversesEntryId ?? null,
      createdAt: now,
    };
    const before = sub;
    sub = {
      ...sub,
      ...change,
      balance: link.balanceAfter,
      lastSeq: link.seq,
      version: sub.version + 1,
      updatedAt: now,
    };
    patch = { ...patch, ...change };
    entries.push(entry);
    byRequestId.set(input.requestId, entry);
    if (input.audit !== false) {
      audits.push({
        actor: entry.operator,
        action: input.amount.gt(0) ? 'quota.allocate' : 'quota.deduct',
        targetType: 'sub_account',
        targetId: sub.id,
        // Stored as JSON: Money is written as its decimal string.
        before: { balance: before.balance, seq: before.lastSeq },
        after: {
          balance: link.balanceAfter,
          seq: link.seq,
          entryId: entry.id,
          amount: input.amount,
          note: input.note,
          reenableRequested,
        },
        requestId: input.requestId,
        createdAt: now,
      });
    }
    return { ok: true, result: { entry, subAccount: sub, quota, replayed: false, reenableRequested } };
  });

  const head =
    entries.length === 0
      ? null
      : { fromSeq: start.sub.lastSeq, lastSeq: sub.lastSeq, balance: sub.balance, patch };
  return { outcomes, entries, audits, head };
}
