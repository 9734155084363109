import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { isDeadlock } from './errors.js';

/** The manager of a running transaction; repos take it as their first argument. */
export type Tx = EntityManager;

/**
 * Runs `fn` in one database transaction — the only way AirGate should open one.
 *
 * MySQL/MariaDB: a pooled connection per transaction; rows are locked by the repos (FOR UPDATE). A deadlock
 * rolls everything back, so the whole function is retried a few times.
 *
 * SQLite (better-sqlite3): TypeORM has ONE connection and turns a second concurrent transaction into a
 * savepoint of the first, mixing them. So transactions of one process take turns behind a mutex, and
 * each starts with a no-op write, which takes SQLite's write lock at once (BEGIN IMMEDIATE semantics):
 * a second process then waits (busy_timeout) instead of failing later with SQLITE_BUSY.
 */
export async function inTransaction<T>(db: DataSource, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (scope.getStore()?.has(db)) {
    throw new Error(
      'inTransaction called inside a transaction on the same database; pass the tx down instead',
    );
  }
  // Hooks of the attempt that committed run once it has; a rolled-back attempt's hooks are dropped.
  let hooks: Array<() => void> = [];
  const body = async (tx: Tx, lockFirst: boolean) => {
    hooks = [];
    commitHooks.set(tx, hooks);
    const last = new Map<string, LastStep>();
    lastSteps.set(tx, last);
    if (lockFirst) await tx.query(TAKE_WRITE_LOCK);
    const result = await fn(tx);
    // No step is added once they run: a step registered by a step would run outside this loop.
    lastSteps.delete(tx);
    for (const key of [...last.keys()].sort()) await last.get(key)!(tx);
    return result;
  };
  const committed = (result: T): T => {
    for (const hook of hooks) {
      try {
        hook();
      } catch {
        // An after-commit hook only wakes something up; its failure must not turn a commit into an error.
      }
    }
    return result;
  };
  if (!isMysql(db)) {
    const result = await mutexFor(db).run(() =>
      scoped(db, () => db.transaction((tx) => body(tx, true)), true),
    );
    return committed(result);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return committed(await scoped(db, () => db.transaction((tx) => body(tx, false)), true));
    } catch (err) {
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

/**
 * Runs `fn`, which makes ONE write (a single statement, or one that a failure may leave half done with
 * no harm), without a transaction of its own where the database allows: on MySQL in autocommit, one round
 * trip instead of three (START, the write, COMMIT); on SQLite, as inTransaction does (the one connection
 * must not mix it into another's transaction). Its after-commit hooks run once it is written.
 */
export async function writeAlone<T>(db: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (isMysql(db) && !scope.getStore()?.has(db)) return fn(db.manager);
  return inTransaction(db, fn);
}

/**
 * Runs `hook` after the transaction `tx` commits (never if it rolls back), e.g. to wake the outbox relay
 * for rows the transaction wrote. Outside `inTransaction` (a plain manager, autocommit) the write is
 * already durable, so the hook runs on the next tick.
 */
export function afterCommit(tx: EntityManager, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else queueMicrotask(hook);
}

const commitHooks = new WeakMap<EntityManager, Array<() => void>>();

type LastStep = (tx: EntityManager) => Promise<void>;
const lastSteps = new WeakMap<EntityManager, Map<string, LastStep>>();

/**
 * Runs `step` as the last statements of the transaction `tx`, after its callback returns and before it
 * commits; once per `key` however often it is asked for, the steps in the order of their keys. For a
 * write that takes a lock many transactions want (a version counter that readers check, say): taken last
 * and in one order, such locks are held only for the commit and cannot be part of a deadlock (a
 * transaction holding one waits for nothing but others of them, later in the order). Outside
 * inTransaction (autocommit) the step runs at once.
 */
export async function lastInTransaction(tx: EntityManager, key: string, step: LastStep): Promise<void> {
  const steps = lastSteps.get(tx);
  if (steps) {
    if (!steps.has(key)) steps.set(key, step);
    return;
  }
  await step(tx);
}

/** True inside an inTransaction callback on `db` (this async context). */
export function isInTransaction(db: DataSource): boolean {
  return scope.getStore()?.has(db) ?? false;
}

/**
 * Runs reads outside a transaction. On SQLite they wait for a running transaction of this process to end
 * (it shares the one connection and would otherwise see uncommitted rows); on MySQL they run at once.
 */
export function withReader<T>(db: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  // Not an async function: every API request waits for its database read through here, and an async
  // frame would stay allocated (and be copied by the collector) for the whole wait. A synchronous throw of
  // `fn` still comes back as a rejected promise.
  try {
    if (isMysql(db) || scope.getStore()?.has(db)) return fn(db.manager);
    return mutexFor(db).run(() => scoped(db, () => fn(db.manager)));
  } catch (err) {
    return Promise.reject(err as Error);
  }
}

const DEADLOCK_ATTEMPTS = 4;
// Any write statement takes the RESERVED lock, even one that matches no row.
const TAKE_WRITE_LOCK = 'UPDATE settings SET updated_at = updated_at WHERE 0 = 1';

/** The databases this async context is in a transaction or (SQLite) a reader on; for a transaction, its mark too. */
const scope = new AsyncLocalStorage<Set<object>>();
const transactionMarks = new WeakMap<DataSource, object>();

function transactionMark(db: DataSource): object {
  let mark = transactionMarks.get(db);
  if (!mark) transactionMarks.set(db, (mark = {}));
  return mark;
}

function scoped<T>(db: DataSource, fn: () => Promise<T>, transaction = false): Promise<T> {
  const outer = scope.getStore();
  return scope.run(new Set([...(outer ?? []), db, ...(transaction ? [transactionMark(db)] : [])]), fn);
}

/**
 * True inside an inTransaction callback on `db` only (not in a SQLite reader): there even a read through
 * the plain manager may see the transaction's uncommitted rows (SQLite's one connection).
 */
export function isInTransactionScope(db: DataSource): boolean {
  return scope.getStore()?.has(transactionMark(db)) ?? false;
}

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const mutexes = new WeakMap<DataSource, Mutex>();

function mutexFor(db: DataSource): Mutex {
  let m = mutexes.get(db);
  if (!m) mutexes.set(db, (m = new Mutex()));
  return m;
}
