import { AsyncResource } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import type { Deps } from '../../deps.js';
import { isMysql } from '../../db/dataSource.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { inTransaction, isInTransaction, withReader } from '../../db/repos/transaction.js';
import { NotFoundError } from '../../errors.js';
import type { LedgerBatchPlan, LedgerOutcome, LedgerWriteInput, LedgerWriteResult } from './ledgerBatch.js';
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

type Signal<T> = { promise: Promise<T>; set: (v: T) => void };

/** A batch in flight; the batch after it plans on its head and asks for a connection after it. */
type Flight = {
  started: Signal<void>;
  /** The head this batch leaves once committed, or null when it will not commit. */
  planned: Signal<SubAccountDto | null>;
  /** Settled once every caller of the batch is answered (after its rerun under the lock, if any). */
  finished?: Promise<void>;
  /** It did not go through as planned (known once its transaction has ended). */
  failed?: boolean;
};

type Lane = { queue: Pending[]; running: boolean; flights: Set<Promise<void>>; last: Flight | undefined };

/** Transactions in flight per sub-account on MySQL/MariaDB (SQLite has one connection: one). */
export const PIPELINE_DEPTH = 2;
/** A queue shorter than twice this is not split between transactions. */
const MIN_SPLIT = 16;

/** At most this many writes share one transaction. */
export const MAX_BATCH = 200;

// Per database, per sub-account: the writes waiting while a batch for that sub-account runs.
const lanes = new WeakMap<DataSource, Map<string, Lane>>();

/**
 * Group commit for one sub-account's ledger. Concurrent writes to one sub-account queue in this process
 * and share transactions (up to MAX_BATCH writes each). A batch reads the row, the known spend and the
 * thresholds outside any transaction and in parallel, plans every write in order in memory
 * (planLedgerWrites: each caller gets exactly what it would have got alone), then in one transaction moves
 * the head with a compare-and-set on the row (seq, version, balance, alert epoch, status) — the UPDATE
 * takes the row lock — and inserts the entries and the audit entries; the unique (sub-account, request
 * id) index is the idempotency check. On MySQL/MariaDB a second batch may be in flight: it plans on the
 * head the first one leaves, and its UPDATE waits for the first one's row lock, which InnoDB releases at
 * commit before the log flush, so one batch's flush and the next batch's reads and planning overlap.
 * If the row is not what a batch planned on (another process wrote, the batch before failed), a request
 * id was written before, or a write is refused, nothing of the batch stays and it runs again the plain
 * way: the row locked first, everything re-read under the lock (applyLedgerWrites). Call it outside any
 * transaction: inside one, use writeLedgerEntry with that transaction (a caller inside one is refused at
 * once: joining another caller's batch it would wait for its own transaction's lock).
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
    if (!lane) {
      lane = { queue: [], running: false, flights: new Set(), last: undefined };
      byAccount.set(input.subAccountId, lane);
    }
    lane.queue.push({ deps, input, scope: new AsyncResource('airgate.ledgerWrite'), resolve, reject });
    if (!lane.running) {
      lane.running = true;
      void drain(byAccount, input.subAccountId, lane, isMysql(deps.db) ? PIPELINE_DEPTH : 1);
    }
  });
}

async function drain(byAccount: Map<string, Lane>, id: string, lane: Lane, depth: number): Promise<void> {
  while (lane.queue.length > 0 || lane.flights.size > 0) {
    // Let the callers a batch just answered, and any arriving now, join the next one.
    await new Promise((r) => setImmediate(r));
    while (lane.queue.length > 0 && lane.flights.size < depth) {
      const slots = depth - lane.flights.size;
      const q = lane.queue.length;
      const n = Math.min(MAX_BATCH, q < 2 * MIN_SPLIT ? q : Math.ceil(q / slots));
      launch(lane, lane.queue.splice(0, n));
    }
    if (lane.flights.size > 0) await Promise.race(lane.flights);
  }
  lane.running = false;
  byAccount.delete(id);
}

function signal<T>(): Signal<T> {
  let set!: (v: T) => void;
  const promise = new Promise<T>((r) => (set = r));
  return { promise, set };
}

function launch(lane: Lane, batch: Pending[]): void {
  const prev = lane.last;
  const flight: Flight = { started: signal(), planned: signal() };
  lane.last = flight;
  const done = runPlanned(batch, prev, flight).then(async (outcomes) => {
    flight.failed = !outcomes;
    if (outcomes) settle(batch, outcomes);
    else await runBatch(batch);
    if (lane.last === flight) lane.last = undefined;
  });
  flight.finished = done;
  lane.flights.add(done);
  void done.finally(() => lane.flights.delete(done));
}

/**
 * Runs one batch planned outside the row lock, on the row it reads or, behind a batch still in flight, on
 * the head that batch leaves; null when it did not go through (the row is not the one planned on, a
 * request id was written before, a refusal, any error) and nothing of it stays. Never throws.
 */
async function runPlanned(
  batch: Pending[],
  prev: Flight | undefined,
  flight: Flight,
): Promise<LedgerOutcome[] | null> {
  const first = batch[0]!;
  const { deps } = first;
  const writes = batch.map((p) => p.input);
  try {
    return await first.scope.runInAsyncScope(async () => {
      const reads = await readLedgerStart(deps, first.input.subAccountId, writes, !prev);
      let sub = prev ? await prev.planned.promise : reads.sub;
      if (prev && (!sub || prev.failed)) {
        // The batch before will not commit as planned: plan on the row once it has run again.
        await prev.finished;
        sub = await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, first.input.subAccountId));
      }
      if (!sub) return notFound(writes);
      const now = deps.clock.now();
      const plan = planFromReads(sub, reads, writes, now);
      // A refusal may be a retry of a write made before (the request ids were not read): those batches,
      // rare, are answered under the lock, where earlier entries are read.
      if (!plan.head || plan.outcomes.some((o) => !o.ok)) return null;
      flight.planned.set(headAfter(plan, sub));
      // Connections are asked for in batch order: a batch never holds one while the one before waits.
      if (prev) await prev.started.promise;
      return inTransaction(deps.db, async (tx) => {
        flight.started.set();
        // The head's UPDATE waits for the batch before to commit (its row lock) and checks the row is
        // exactly what this batch planned on; only then are the rows inserted.
        if (!(await storePlannedWrites(deps, tx, sub, plan, now))) throw new HeadMoved();
        return plan.outcomes;
      });
    });
  } catch {
    return null;
  } finally {
    flight.started.set();
    flight.planned.set(null);
  }
}

class HeadMoved extends Error {
  constructor() {
    super('the sub-account row is not the one the batch was planned on');
  }
}

function headAfter(plan: LedgerBatchPlan, sub: SubAccountDto): SubAccountDto {
  let head = sub;
  for (const o of plan.outcomes) if (o.ok) head = o.result.subAccount;
  return head;
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
