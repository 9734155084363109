import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import type { Tx } from '../../db/repos/transaction.js';
import { knownSpend } from '../../domain/quota.js';
import { readSettings } from '../settings/getSettings.js';
import {
  planLedgerWrites,
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
