import { AsyncResource } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import type { Deps } from '../../deps.js';
import { inTransaction, isInTransaction } from '../../db/repos/transaction.js';
import { NotFoundError } from '../../errors.js';
import type { LedgerOutcome, LedgerWriteInput, LedgerWriteResult } from './ledgerBatch.js';
import {
  applyLedgerWrites,
  planFromReads,
  readLedgerStart,
  storePlannedWrites,
  writeLedgerEntry,
} from './writeLedgerEntry.js';

type LedgerDeps = Pick<Deps, 'db' | 'repos' | 'clock'>;

type Pending = {
  deps: LedgerDeps;
  input: LedgerWriteInput;
  /** The caller's async context: its transaction runs there. */
  scope: AsyncResource;
  resolve: (r: LedgerWriteResult) => void;
  reject: (e: unknown) => void;
};

type Lane = { queue: Pending[]; running: boolean };

/** At most this many writes share one transaction. */
export const MAX_BATCH = 200;

// Per database, per sub-account: the writes waiting while a batch for that sub-account runs.
const lanes = new WeakMap<DataSource, Map<string, Lane>>();

/**
 * Group commit for one sub-account's ledger. While a batch for the sub-account runs in this process, later
 * writes queue, and the next batch takes the whole queue (up to MAX_BATCH). A batch reads the row, the
 * known spend, the thresholds and the entries already written under its request ids outside any
 * transaction and in parallel, plans every write in order in memory (planLedgerWrites: each caller gets
 * exactly what it would have got alone), then in one transaction moves the head with a compare-and-set on
 * the row's version and seq — the UPDATE takes the row lock, held only for the two INSERTs (entries,
 * audit entries) and the commit that follow. If the row moved since it was read (another process wrote)
 * or the unique index refuses a request id written meanwhile, nothing stays and the batch runs again
 * the plain way: the row locked first, everything re-read under the lock (applyLedgerWrites). Call it
 * outside any transaction: inside one, use writeLedgerEntry with that transaction (a caller inside one
 * is refused at once: joining another caller's batch it would wait for its own transaction's lock).
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
    const batch = lane.queue.splice(0, MAX_BATCH);
    const outcomes = await runPlanned(batch);
    if (outcomes) settle(batch, outcomes);
    else await runBatch(batch);
  }
  lane.running = false;
  byAccount.delete(subAccountId);
}

/**
 * Runs one batch planned outside the row lock; null when it did not go through (the row moved, a request
 * id was written meanwhile, any error) and nothing of it stays. Never throws.
 */
async function runPlanned(batch: Pending[]): Promise<LedgerOutcome[] | null> {
  const first = batch[0];
  if (!first) return [];
  const { deps } = first;
  const writes = batch.map((p) => p.input);
  try {
    return await first.scope.runInAsyncScope(async () => {
      const reads = await readLedgerStart(deps, first.input.subAccountId, writes);
      if (!reads.sub) return notFound(writes);
      const sub = reads.sub;
      const now = deps.clock.now();
      const plan = planFromReads(sub, reads, writes, now);
      // A refusal may be a retry of a write made before (the request ids were not read): those batches,
      // rare, are answered under the lock, where earlier entries are read.
      if (!plan.head || plan.outcomes.some((o) => !o.ok)) return null;
      const stored = await inTransaction(deps.db, (tx) => storePlannedWrites(deps, tx, sub, plan, now));
      return stored ? plan.outcomes : null;
    });
  } catch {
    return null;
  }
}

function notFound(writes: readonly LedgerWriteInput[]): LedgerOutcome[] {
  return writes.map((w) => ({
    ok: false,
    error: new NotFoundError({ reason: 'sub_account_not_found', params: { id: w.subAccountId } }),
  }));
}

function settle(batch: Pending[], outcomes: LedgerOutcome[]): void {
  batch.forEach((p, i) => {
    const o = outcomes[i];
    if (!o) p.reject(new Error('ledger batch returned too few outcomes'));
    else if (o.ok) p.resolve(o.result);
    else p.reject(o.error);
  });
}

/** Runs one batch the plain way (the row locked first) and settles every caller in it; never throws. */
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
    // Nothing was written (lost connection, one write's value the database refused…): each write runs
    // alone, in its caller's context, so one cannot fail the others.
    await Promise.all(batch.map(runAlone));
    return;
  }
  settle(batch, outcomes);
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
