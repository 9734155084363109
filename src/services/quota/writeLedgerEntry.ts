import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { withReader, type Tx } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Money } from '../../domain/money.js';
import { knownSpend } from '../../domain/quota.js';
import { readSettings } from '../settings/getSettings.js';
import {
  planLedgerWrites,
  type LedgerBatchPlan,
  type LedgerOutcome,
  type LedgerWriteInput,
  type LedgerWriteResult,
} from './ledgerBatch.js';

export type { LedgerWriteInput, LedgerWriteResult } from './ledgerBatch.js';

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
  const [outcome] = await applyLedgerWrites(deps, tx, input.subAccountId, [input]);
  if (!outcome) throw new Error('applyLedgerWrites returned no outcome');
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/**
 * Several writes to one sub-account in `tx`, with the statements of one: the row is locked once, the
 * spend, thresholds and earlier request ids are read once, every write is applied in order in memory
 * (planLedgerWrites) and the new entries, the head and the audit entries are stored with one statement
 * each. Returns one outcome per write; a refused write (too large, conflicting request id, unknown
 * sub-account) is an outcome, not a thrown error, and changes nothing.
 */
export async function applyLedgerWrites(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  subAccountId: string,
  writes: readonly LedgerWriteInput[],
): Promise<LedgerOutcome[]> {
  const { repos } = deps;
  if (writes.some((w) => w.subAccountId !== subAccountId)) {
    throw new Error('applyLedgerWrites: every write must be for the same sub-account');
  }
  const sub = await repos.subAccounts.lockById(tx, subAccountId);
  if (!sub) {
    return writes.map(() => ({
      ok: false,
      error: new NotFoundError({ reason: 'sub_account_not_found', params: { id: subAccountId } }),
    }));
  }
  const spent = knownSpend(await repos.projects.listBySubAccount(tx, sub.id));
  const previous = await repos.ledger.findByRequestIds(
    tx,
    sub.id,
    writes.map((w) => w.requestId),
  );
  const allocates = writes.some((w) => w.amount.gt(0));
  const thresholds = allocates ? (sub.thresholds ?? (await readSettings(repos, tx)).thresholds) : undefined;

  const now = deps.clock.now();
  const plan = planLedgerWrites({ sub, spent, thresholds, previous }, writes, { now, newId: randomUUID });
  if (plan.head) {
    await repos.ledger.appendMany(tx, plan.entries);
    await repos.subAccounts.advanceChainHead(tx, sub.id, plan.head, plan.head.patch, now);
    if (plan.audits.length > 0) await repos.audit.insertMany(tx, plan.audits);
  }
  return plan.outcomes;
}

/** What planning a batch needs, read outside any transaction. */
export type LedgerReads = {
  sub: SubAccountDto | null;
  spent: Money;
  /** The global steps, read when the batch allocates (used when the account has no override). */
  globalThresholds: readonly number[] | undefined;
};

/**
 * Reads, in parallel and outside any transaction, what a batch planned without the row lock needs: the
 * row, the known spend and the global thresholds. Neither the row nor the request ids are trusted: the
 * store is a compare-and-set on the row's version, and the unique (sub-account, request id) index refuses
 * an id written before (the insert is the check; the batch then runs again under the lock, where the
 * earlier entry is read and answered).
 */
export async function readLedgerStart(
  deps: Pick<Deps, 'db' | 'repos'>,
  subAccountId: string,
  writes: readonly LedgerWriteInput[],
  readRow = true,
): Promise<LedgerReads> {
  const { db, repos } = deps;
  const allocates = writes.some((w) => w.amount.gt(0));
  const [sub, projects, settings] = await Promise.all([
    readRow ? withReader(db, (m) => repos.subAccounts.findById(m, subAccountId)) : null,
    withReader(db, (m) => repos.projects.listBySubAccount(m, subAccountId)),
    allocates ? withReader(db, (m) => readSettings(repos, m)) : undefined,
  ]);
  return { sub, spent: knownSpend(projects), globalThresholds: settings?.thresholds };
}

/** Plans a batch on the row read by readLedgerStart. */
export function planFromReads(
  sub: SubAccountDto,
  reads: LedgerReads,
  writes: readonly LedgerWriteInput[],
  now: Date,
): LedgerBatchPlan {
  const allocates = writes.some((w) => w.amount.gt(0));
  const thresholds = allocates ? (sub.thresholds ?? reads.globalThresholds) : undefined;
  return planLedgerWrites({ sub, spent: reads.spent, thresholds, previous: new Map() }, writes, {
    now,
    newId: randomUUID,
  });
}

/**
 * Stores a plan made without the row lock, in `tx`: first the head, only if the row is exactly the one
 * planned on (advanceChainHeadIf; that UPDATE takes the row lock), then the entries and the audit
 * entries. Returns false, having written nothing, when it is not; the unique request-id index refuses
 * (throws on) an id written before.
 */
export async function storePlannedWrites(
  deps: Pick<Deps, 'repos'>,
  tx: Tx,
  sub: SubAccountDto,
  plan: LedgerBatchPlan,
  now: Date,
): Promise<boolean> {
  const { repos } = deps;
  if (!plan.head) return true;
  const moved = await repos.subAccounts.advanceChainHeadIf(tx, sub.id, plan.head, sub, plan.head.patch, now);
  if (!moved) return false;
  await repos.ledger.appendMany(tx, plan.entries);
  if (plan.audits.length > 0) await repos.audit.insertMany(tx, plan.audits);
  return true;
}
