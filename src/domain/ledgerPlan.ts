import { nextLink, type LedgerSource } from './ledger.js';
import type { Money } from './money.js';
import { QUOTA_EXHAUSTED_REASON, maxDeductible, quotaStatus, type QuotaStatus } from './quota.js';
import type { SubAccountStatus } from './subAccount.js';
import { highestReached } from './thresholds.js';

/** The sub-account as the ledger sees it: its chain head and what an allocation re-arms or re-enables. */
export type LedgerAccount = {
  id: string;
  lastSeq: number;
  balance: Money;
  version: number;
  updatedAt: Date;
  alertEpoch: number;
  status: SubAccountStatus;
  disabledReason: string | null;
};

/** One write as the ledger records it (the caller has resolved who wrote it and from where). */
export type LedgerWrite = {
  /** Signed: + allocates, − deducts. */
  amount: Money;
  requestId: string;
  operator: string;
  source: LedgerSource;
  note: string;
  quotaRequestId: string | null;
  reversesEntryId: string | null;
};

export type LedgerEntryFacts = LedgerWrite & {
  id: string;
  subAccountId: string;
  seq: number;
  balanceAfter: Money;
  createdAt: Date;
};

/** What an allocation changes on the account besides its head. */
export type AllocationChange = {
  alertEpoch?: number;
  alertedStep?: number | null;
  earlyWarned?: boolean;
  reenableRequestedAt?: Date;
};

/** Why a write was refused; it changes nothing, and the writes after it still run. */
export type LedgerRefusal =
  | { kind: 'request_id_reused'; requestId: string }
  | { kind: 'deduction_too_large'; requested: Money; max: Money };

export type PlannedWrite<A extends LedgerAccount> =
  | {
      ok: true;
      entry: LedgerEntryFacts;
      /** The account after this write. */
      account: A;
      /** The head before this write. */
      before: { balance: Money; seq: number };
      quota: QuotaStatus;
      /** The request id was written before: `entry` is that first entry and nothing new is written. */
      replayed: boolean;
      /** The allocation brought an account disabled for its quota back under 100 %. */
      reenableRequested: boolean;
    }
  | { ok: false; refusal: LedgerRefusal };

export type LedgerPlanStart<A extends LedgerAccount> = {
  account: A;
  spent: Money;
  /** The steps in force; needed only when a write allocates. */
  thresholds: readonly number[] | undefined;
  /** Entries already written, by request id. */
  previous: ReadonlyMap<string, LedgerEntryFacts>;
};

export type LedgerPlan<A extends LedgerAccount> = {
  /** One per write, in the order given. */
  writes: PlannedWrite<A>[];
  /** The new entries in seq order (empty when every write was a replay or refused). */
  entries: LedgerEntryFacts[];
  /** The head and account changes to store once, or null when nothing new is written. */
  head: { fromSeq: number; lastSeq: number; balance: Money; patch: AllocationChange } | null;
};

/**
 * Applies ledger writes to one account in order, in memory, exactly as they would run one after the other,
 * each in its own transaction (invariants L1, L2): a replayed request id returns its first entry (or is
 * refused when the amount differs), a deduction is checked against the remaining quota left by the writes
 * before it, an allocation starts a new alert epoch and, when it ends a quota disable, records the
 * re-enable intent. The caller reads `start` under the row lock and stores the plan in the same transaction.
 */
export function planLedgerWrites<A extends LedgerAccount>(
  start: LedgerPlanStart<A>,
  writes: readonly LedgerWrite[],
  ctx: { now: Date; newId: () => string },
): LedgerPlan<A> {
  const byRequestId = new Map(start.previous);
  const entries: LedgerEntryFacts[] = [];
  let account = start.account;
  let patch: AllocationChange = {};
  const planned = writes.map((w): PlannedWrite<A> => {
    const previous = byRequestId.get(w.requestId);
    if (previous) return replay(previous, w, account, start.spent);
    const refusal = deductionRefusal(account.balance, start.spent, w.amount);
    if (refusal) return { ok: false, refusal };
    const link = nextLink({ lastSeq: account.lastSeq, balance: account.balance }, w.amount);
    const quota = quotaStatus(link.balanceAfter, start.spent);
    const change = w.amount.gt(0) ? allocationChange(account, quota, thresholdsOf(start), ctx.now) : {};
    const entry = entryOf(w, account.id, link, ctx);
    const before = { balance: account.balance, seq: account.lastSeq };
    account = advance(account, change, link, ctx.now);
    patch = { ...patch, ...change };
    entries.push(entry);
    byRequestId.set(w.requestId, entry);
    const reenableRequested = change.reenableRequestedAt !== undefined;
    return { ok: true, entry, account, before, quota, replayed: false, reenableRequested };
  });
  const head =
    entries.length === 0
      ? null
      : { fromSeq: start.account.lastSeq, lastSeq: account.lastSeq, balance: account.balance, patch };
  return { writes: planned, entries, head };
}

/** A request id seen before: its first entry again, or a refusal when the amount differs. */
export function replay<A extends LedgerAccount>(
  previous: LedgerEntryFacts,
  w: LedgerWrite,
  account: A,
  spent: Money,
): PlannedWrite<A> {
  if (!previous.amount.eq(w.amount))
    return { ok: false, refusal: { kind: 'request_id_reused', requestId: w.requestId } };
  const before = { balance: account.balance, seq: account.lastSeq };
  const quota = quotaStatus(account.balance, spent);
  return { ok: true, entry: previous, account, before, quota, replayed: true, reenableRequested: false };
}

/** A deduction larger than what remains of the quota (never below zero remaining); null when it fits. */
export function deductionRefusal(balance: Money, spent: Money, amount: Money): LedgerRefusal | null {
  if (!amount.lt(0)) return null;
  const max = maxDeductible(balance, spent);
  return amount.neg().gt(max) ? { kind: 'deduction_too_large', requested: amount.neg(), max } : null;
}

/**
 * An allocation starts a new alert epoch: steps still reached stay sent, those now above the usage are
 * re-armed, the early warning is re-armed; an account the watch disabled for its quota that is now under
 * 100 % is marked for re-enabling.
 */
export function allocationChange(
  account: Pick<LedgerAccount, 'alertEpoch' | 'status' | 'disabledReason'>,
  quota: QuotaStatus,
  thresholds: readonly number[],
  now: Date,
): AllocationChange {
  const change: AllocationChange = {
    alertEpoch: account.alertEpoch + 1,
    alertedStep: highestReached(quota.percent, thresholds),
    earlyWarned: false,
  };
  const quotaDisabled =
    account.disabledReason === QUOTA_EXHAUSTED_REASON &&
    (account.status === 'disabled' || account.status === 'disabling');
  if (quotaDisabled && !quota.exhausted) change.reenableRequestedAt = now;
  return change;
}

function thresholdsOf(start: { thresholds: readonly number[] | undefined }): readonly number[] {
  if (!start.thresholds) throw new Error('planLedgerWrites: an allocation needs the thresholds in force');
  return start.thresholds;
}

function entryOf(
  w: LedgerWrite,
  accountId: string,
  link: { seq: number; balanceAfter: Money },
  ctx: { now: Date; newId: () => string },
): LedgerEntryFacts {
  return { ...w, id: ctx.newId(), subAccountId: accountId, ...link, createdAt: ctx.now };
}

function advance<A extends LedgerAccount>(
  account: A,
  change: AllocationChange,
  link: { seq: number; balanceAfter: Money },
  now: Date,
): A {
  return {
    ...account,
    ...change,
    balance: link.balanceAfter,
    lastSeq: link.seq,
    version: account.version + 1,
    updatedAt: now,
  };
}
