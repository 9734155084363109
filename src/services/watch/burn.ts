import type { EntityManager } from 'typeorm';
import { watchRepo, type SnapshotPoint } from '../../db/repos/watch.js';
import { MoneyDecimal, ZERO, type Money } from '../../domain/money.js';

const HOUR_MS = 3_600_000;
export const BURN_WINDOW_MS = 24 * HOUR_MS;
/** A new snapshot at most this often per sub-account; snapshots older than the window + a day are pruned. */
export const SNAPSHOT_EVERY_MS = HOUR_MS;

export type BurnBase = { oldest: Map<string, SnapshotPoint>; newest: Map<string, SnapshotPoint> };

/** The snapshots burn rates are measured from: per sub-account the oldest within 24 h and the newest. */
export async function loadBurnBase(m: EntityManager, now: Date): Promise<BurnBase> {
  return {
    oldest: await watchRepo.snapshotsSince(m, new Date(now.getTime() - BURN_WINDOW_MS), 'oldest'),
    newest: await watchRepo.snapshotsSince(m, new Date(now.getTime() - SNAPSHOT_EVERY_MS), 'newest'),
  };
}

/**
 * Bill-visible spending per hour over (up to) the last 24 h: the growth since the oldest snapshot in the
 * window, once that snapshot is at least an hour old; never negative (a refund is not a negative burn).
 */
export function burnPerHour(base: BurnBase, subAccountId: string, spent: Money, now: Date): Money | null {
  const from = base.oldest.get(subAccountId);
  if (!from) return null;
  const ms = now.getTime() - from.at.getTime();
  if (ms < HOUR_MS) return null;
  const growth = spent.minus(from.spent);
  return growth.lte(0) ? ZERO : growth.times(HOUR_MS).div(new MoneyDecimal(ms));
}

/** A snapshot for each sub-account that has none from the last hour. */
export function snapshotDue(base: BurnBase, subAccountId: string): boolean {
  return !base.newest.has(subAccountId);
}
