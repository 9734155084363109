import type { EntityManager } from 'typeorm';
import { watchRepo } from '../../db/repos/watch.js';
import { MoneyDecimal, toDecimalString, type Money } from '../../domain/money.js';
import { BURN_WINDOW_MS } from '../watch/burn.js';

const HOUR_MS = 3_600_000;

/** How fast a sub-account spends and how long its money lasts, for the cards outside a cycle. */
export type BurnFacts = {
  /** yuan per hour (decimal string); null when not enough is known yet (never shown as ¥0.00) */
  perHour: string | null;
  /** hours until the remaining quota is spent at that rate; null when unknown or nothing is being spent */
  exhaustsInHours: number | null;
};

/** Hours `remaining` lasts at `perHour`: 0 when nothing is left, null when nothing is being spent. */
export function hoursFor(remaining: Money, perHour: Money | null): number | null {
  if (!perHour || perHour.lte(0) || !remaining.isFinite()) return null;
  return remaining.lte(0) ? 0 : remaining.div(perHour).toNumber();
}

/**
 * The burn rate the cycles measured, from their hourly spending snapshots (bill + estimate, as the cycles saw
 * it): the growth from the oldest snapshot of the last 24 h to the newest, once they are an hour apart; null
 * before that. A refund is not a negative burn (0).
 */
export async function storedBurn(
  m: EntityManager,
  subAccountId: string,
  remaining: Money,
  now: Date,
): Promise<BurnFacts> {
  const since = new Date(now.getTime() - BURN_WINDOW_MS);
  const oldest = (await watchRepo.snapshotsSince(m, since, 'oldest', subAccountId)).get(subAccountId);
  const newest = (await watchRepo.snapshotsSince(m, since, 'newest', subAccountId)).get(subAccountId);
  if (!oldest || !newest) return { perHour: null, exhaustsInHours: null };
  const ms = newest.at.getTime() - oldest.at.getTime();
  if (ms < HOUR_MS) return { perHour: null, exhaustsInHours: null };
  const growth = newest.spent.minus(oldest.spent);
  const perHour = growth.lte(0) ? new MoneyDecimal(0) : growth.times(HOUR_MS).div(new MoneyDecimal(ms));
  return {
    perHour: toDecimalString(perHour.toDecimalPlaces(6)),
    exhaustsInHours: hoursFor(remaining, perHour),
  };
}
