import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../config/loadConfig.js';
import { ConflictError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { isMysql } from '../dataSource.js';
import { takeNamedLock } from '../namedLock.js';
import { inTransaction, type Tx } from './transaction.js';
import { watchRepo } from './watch.js';

export const WATCH_LOCK_NAME = 'airgate.watch.cycle';

/** The MySQL named lock of one database's cycle (GET_LOCK names are at most 64 characters). */
export function serverLockName(database: string): string {
  return `${WATCH_LOCK_NAME}:${database}`.slice(0, 64);
}

/** Another process took the cycle over (our lock connection died): this holder must write nothing more. */
export class FencedOutError extends ConflictError {}

export type CycleLock = {
  holder: string;
  /** Grows with every acquisition; stored with the cycle and checked by each of its writes. */
  fence: number;
  /** Throws FencedOutError unless this holder's fence is still the lease's (call inside each write tx). */
  check(tx: Tx): Promise<void>;
  release(): Promise<void>;
};

/** What taking the lock needs: the database, its URL for the lock's own connection, and a logger. */
export type LockDeps = { db: DataSource; config: { database: DatabaseConfig }; log: Pick<Logger, 'warn'> };

export type LockOptions = {
  holder?: string;
  /** How long to wait for a running cycle to end; 0 = give up at once. */
  waitMs?: number;
  /** The lease (kept alive every leaseMs/3); on SQLite a holder that died frees the cycle after this. */
  leaseMs?: number;
};

/**
 * One spending cycle at a time across every process sharing the database (C1).
 *
 * MySQL/MariaDB: GET_LOCK on a dedicated connection opened for this cycle and closed after it (the lock
 * belongs to the connection, so it must never go back into a pool; if the process or the connection
 * dies, the server frees it). SQLite: a lock in this process plus the lease row's expiry (SQLite mode is
 * meant for one process). Both: the lease row's fence is bumped on acquisition, and every write of the
 * cycle checks it, so a holder that lost its lock without noticing has its late writes refused.
 * Lease times are wall-clock times: they measure process liveness, not the business clock.
 */
export async function acquireCycleLock(deps: LockDeps, opts: LockOptions = {}): Promise<CycleLock | null> {
  const holder = opts.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 10 * 60_000;
  const waitMs = opts.waitMs ?? 0;
  return isMysql(deps.db)
    ? acquireMysql(deps, holder, leaseMs, waitMs)
    : acquireLocal(deps, holder, leaseMs, waitMs);
}

async function acquireMysql(deps: LockDeps, holder: string, leaseMs: number, waitMs: number) {
  if (deps.config.database.type !== 'mysql') throw new Error('MySQL lock without a MySQL URL');
  const lock = await takeNamedLock(
    deps.config.database.url,
    serverLockName,
    Math.ceil(waitMs / 1000),
    (err) => deps.log.warn({ err: err.message }, 'watch lock connection lost'),
  );
  if (!lock) return null;
  try {
    const fence = (await bumpFence(deps, holder, leaseMs, null))!;
    return makeLock(deps, holder, fence, leaseMs, () => lock.release(), lock.ping);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

const localHeld = new WeakSet<object>();

async function acquireLocal(deps: LockDeps, holder: string, leaseMs: number, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (!localHeld.has(deps.db)) {
      localHeld.add(deps.db);
      try {
        const fence = await bumpFence(deps, holder, leaseMs, new Date());
        if (fence !== null)
          return makeLock(deps, holder, fence, leaseMs, async () => void localHeld.delete(deps.db));
      } catch (err) {
        localHeld.delete(deps.db);
        throw err;
      }
      localHeld.delete(deps.db);
    }
    if (Date.now() >= deadline) return null;
    await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
  }
}

/** Takes the lease row: +1 on its fence. With `onlyIfExpiredAt`, only when no live lease holds it (SQLite). */
async function bumpFence(
  deps: Pick<LockDeps, 'db'>,
  holder: string,
  leaseMs: number,
  onlyIfExpiredAt: Date | null,
): Promise<number | null> {
  for (let attempt = 1; ; attempt++) {
    const result = await inTransaction(deps.db, async (tx) => {
      const now = new Date();
      const row = await watchRepo.lease(tx, WATCH_LOCK_NAME, true);
      const leaseUntil = new Date(now.getTime() + leaseMs);
      if (!row) {
        await watchRepo.insertLease(tx, {
          name: WATCH_LOCK_NAME,
          fence: 1,
          holder,
          leaseUntil,
          updatedAt: now,
        });
        return 1;
      }
      if (onlyIfExpiredAt && row.leaseUntil && row.leaseUntil >= onlyIfExpiredAt) return null;
      const won = await watchRepo.updateLeaseIf(
        tx,
        WATCH_LOCK_NAME,
        { fence: row.fence },
        { fence: row.fence + 1, holder, leaseUntil },
        now,
      );
      return won ? row.fence + 1 : undefined;
    }).catch((err: unknown) => {
      if (attempt < 3) return undefined; // two first-ever inserts raced: read again
      throw err;
    });
    if (result !== undefined) return result;
  }
}

function makeLock(
  deps: Pick<LockDeps, 'db' | 'log'>,
  holder: string,
  fence: number,
  leaseMs: number,
  releaseLock: () => Promise<void>,
  ping?: () => Promise<void>,
): CycleLock {
  const beat = setInterval(
    () => {
      void (async () => {
        await ping?.();
        const now = new Date();
        await inTransaction(deps.db, (tx) =>
          watchRepo.updateLeaseIf(
            tx,
            WATCH_LOCK_NAME,
            { fence },
            { leaseUntil: new Date(now.getTime() + leaseMs) },
            now,
          ),
        );
      })().catch((err: unknown) => deps.log.warn({ err: String(err) }, 'watch lease heartbeat failed'));
    },
    Math.max(1000, leaseMs / 3),
  );
  beat.unref();
  let released = false;
  return {
    holder,
    fence,
    async check(tx) {
      const row = await watchRepo.lease(tx, WATCH_LOCK_NAME, true);
      if (!row || row.fence !== fence) {
        throw new FencedOutError({
          reason: 'cycle_taken_over',
          params: { fence, now: row?.fence ?? '-' },
        });
      }
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      try {
        const now = new Date();
        await inTransaction(deps.db, (tx) =>
          watchRepo.updateLeaseIf(tx, WATCH_LOCK_NAME, { fence }, { leaseUntil: null }, now),
        );
      } finally {
        await releaseLock();
      }
    },
  };
}
