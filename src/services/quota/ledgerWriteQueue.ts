import { AsyncResource } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import type { Deps } from '../../deps.js';
import { inTransaction, isInTransaction } from '../../db/repos/transaction.js';
import type { LedgerOutcome, LedgerWriteInput, LedgerWriteResult } from './ledgerBatch.js';
import { applyLedgerWrites, writeLedgerEntry } from './writeLedgerEntry.js';

type LedgerDeps = Pick<Deps, 'db' | 'repos' | 'clock'>;

type Pending = {
  deps: LedgerDeps;
  input: LedgerWriteInput;
  /** The caller's async context: its transaction runs there when it has to run alone. */
  scope: AsyncResource;
  resolve: (r: LedgerWriteResult) => void;
  reject: (e: unknown) => void;
};

type Lane = { queue: Pending[]; running: boolean };

/** At most this many writes share one transaction. */
export const MAX_BATCH = 200;

// Per database, per sub-account: the writes waiting while a transaction for that sub-account runs.
const lanes = new WeakMap<DataSource, Map<string, Lane>>();

/**
 * Group commit for one sub-account's ledger. Writes to one sub-account are serialised by its row lock
 * anyway, and each used to hold that lock for ~8 statements and a commit of its own; here, while one
 * transaction for the sub-account runs in this process, later writes queue, and the next transaction
 * takes the whole queue (up to MAX_BATCH): one lock, one read of the spend, thresholds and request ids,
 * one INSERT of the entries, one head update, one INSERT of the audit entries, one commit. Each caller
 * gets exactly what it would have got alone, the writes applied in arrival order (planLedgerWrites).
 * Other processes still serialise on the row lock. Call it outside any transaction: inside one, use
 * writeLedgerEntry with that transaction: a caller inside one is refused at once (joining another caller's
 * batch it would wait for its own transaction's lock).
 */
export function enqueueLedgerWrite(deps: LedgerDeps, input: LedgerWriteInput): Promise<LedgerWriteResult> {
  if (isInTransaction(deps.db)) {
    return Promise.reject(
      new Error('allocate/deduct called inside a transaction; use writeLedgerEntry with that transaction'),
    );
  }
  return new Promise<LedgerWriteResult>((resolve, reject) => {
    let byAccount = lanes.get(deps.db);
    if (!byAccount) lanes.set(deps.db, (byAccount = new Map()));
    let lane = byAccount.get(input.subAccountId);
    if (!lane) byAccount.set(input.subAccountId, (lane = { queue: [], running: false }));
    lane.queue.push({ deps, input, scope: new AsyncResource('airgate.ledgerWrite'), resolve, reject });
    if (!lane.running) {
      lane.running = true;
      void drain(byAccount, input.subAccountId, lane);
    }
  });
}

async function drain(byAccount: Map<string, Lane>, subAccountId: string, lane: Lane): Promise<void> {
  while (lane.queue.length > 0) {
    // Let the callers the previous batch just answered, and any arriving now, join this one.
    await new Promise((r) => setImmediate(r));
    await runBatch(lane.queue.splice(0, MAX_BATCH));
  }
  lane.running = false;
  byAccount.delete(subAccountId);
}

/** Runs one batch and settles every caller in it; never throws. */
async function runBatch(batch: Pending[]): Promise<void> {
  const first = batch[0];
  if (!first) return;
  let outcomes: LedgerOutcome[];
  try {
    outcomes = await first.scope.runInAsyncScope(() =>
      inTransaction(first.deps.db, (tx) =>
        applyLedgerWrites(
          first.deps,
          tx,
          first.input.subAccountId,
          batch.map((p) => p.input),
        ),
      ),
    );
  } catch (err) {
    if (batch.length === 1) return first.reject(err);
    // Nothing was written (lost connection, one write's value the database refused, a caller that was
    // itself inside a transaction…): each write runs alone, in its caller's context, so one cannot fail
    // the others.
    await Promise.all(batch.map(runAlone));
    return;
  }
  batch.forEach((p, i) => {
    const o = outcomes[i];
    if (!o) p.reject(new Error('ledger batch returned too few outcomes'));
    else if (o.ok) p.resolve(o.result);
    else p.reject(o.error);
  });
}

async function runAlone(p: Pending): Promise<void> {
  try {
    p.resolve(
      await p.scope.runInAsyncScope(() =>
        inTransaction(p.deps.db, (tx) => writeLedgerEntry(p.deps, tx, p.input)),
      ),
    );
  } catch (err) {
    p.reject(err);
  }
}
