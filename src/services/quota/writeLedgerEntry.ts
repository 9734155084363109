import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Tx } from '../../db/repos/transaction.js';
import type { LedgerEntryDto } from '../../db/repos/ledger.js';
import type { SubAccountDto, SubAccountPatch } from '../../db/repos/subAccounts.js';
import { nextLink, type LedgerSource } from '../../domain/ledger.js';
import type { Money } from '../../domain/money.js';
import {
  QUOTA_EXHAUSTED_REASON,
  knownSpend,
  maxDeductible,
  quotaStatus,
  type QuotaStatus,
} from '../../domain/quota.js';
import { highestReached } from '../../domain/thresholds.js';
import { actorId, defaultSource, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { readSettings } from '../settings/getSettings.js';
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

/**
 * Appends one ledger entry inside `tx` (invariants L1, L2, C2). Locks the sub-account row first — so call
 * it before any plain read in the transaction, or after locking reads only (a REPEATABLE READ snapshot taken
 * earlier would be stale) —, checks the request id, refuses a deduction below zero remaining, inserts seq+1
 * (unique (sub_account_id, seq) as backstop) and moves the cached head. An allocation starts a new alert
 * epoch (steps still reached stay sent, those now above the usage are re-armed) and, when it ends a quota
 * disable, records the re-enable intent for the watch, all in the same transaction.
 */
export async function writeLedgerEntry(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  input: LedgerWriteInput,
): Promise<LedgerWriteResult> {
  const { repos } = deps;
  const sub = await repos.subAccounts.lockById(tx, input.subAccountId);
  if (!sub) throw new NotFoundError(`子账号不存在 / sub-account not found: ${input.subAccountId}`);
  const spent = knownSpend(await repos.projects.listBySubAccount(tx, sub.id));

  const previous = await repos.ledger.findByRequestId(tx, sub.id, input.requestId);
  if (previous) {
    if (!previous.amount.eq(input.amount)) {
      throw new ConflictError(
        `请求 ID ${input.requestId} 已用于另一笔金额 / request id already used for a different amount`,
      );
    }
    const quota = quotaStatus(sub.balance, spent);
    return { entry: previous, subAccount: sub, quota, replayed: true, reenableRequested: false };
  }

  if (input.amount.lt(0)) {
    const max = maxDeductible(sub.balance, spent);
    if (input.amount.neg().gt(max)) throw new DeductionTooLargeError(input.amount.neg(), max);
  }

  const now = deps.clock.now();
  const link = nextLink({ lastSeq: sub.lastSeq, balance: sub.balance }, input.amount);
  const quota = quotaStatus(link.balanceAfter, spent);
  const patch: SubAccountPatch = {};
  let reenableRequested = false;
  if (input.amount.gt(0)) {
    const settings = await readSettings(repos, tx);
    patch.alertEpoch = sub.alertEpoch + 1;
    patch.alertedStep = highestReached(quota.percent, sub.thresholds ?? settings.thresholds);
    patch.earlyWarned = false;
    const quotaDisabled =
      sub.disabledReason === QUOTA_EXHAUSTED_REASON &&
      (sub.status === 'disabled' || sub.status === 'disabling');
    if (quotaDisabled && !quota.exhausted) {
      patch.reenableRequestedAt = now;
      reenableRequested = true;
    }
  }

  const entry = await repos.ledger.append(
    tx,
    {
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
    },
    now,
  );
  await repos.subAccounts.setChainHead(
    tx,
    sub.id,
    { lastSeq: link.seq, balance: link.balanceAfter },
    patch,
    now,
  );
  const after: SubAccountDto = {
    ...sub,
    ...patch,
    balance: link.balanceAfter,
    lastSeq: link.seq,
    version: sub.version + 1,
    updatedAt: now,
  };

  if (input.audit !== false) {
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: input.amount.gt(0) ? 'quota.allocate' : 'quota.deduct',
      target: { type: 'sub_account', id: sub.id },
      before: { balance: sub.balance, seq: sub.lastSeq },
      after: {
        balance: link.balanceAfter,
        seq: link.seq,
        entryId: entry.id,
        amount: input.amount,
        note: input.note,
        reenableRequested,
      },
      requestId: input.requestId,
    });
  }
  return { entry, subAccount: after, quota, replayed: false, reenableRequested };
}
