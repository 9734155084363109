import type { EntityManager } from 'typeorm';
import { projectsRepo } from '../../db/repos/projects.js';
import { watchRepo } from '../../db/repos/watch.js';
import { historyPerHour } from './historyBurn.js';
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
 * it): the growth from the oldest snapshot of the last 24 h to the newest, once they are an hour apart; before
 * that, the average since each project began counting (historyBurn); null only with neither. A refund is not a negative burn (0).
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
  const ms = oldest && newest ? newest.at.getTime() - oldest.at.getTime() : 0;
  if (!oldest || !newest || ms < HOUR_MS) {
    // Not an hour of snapshots yet (a new install): the average since each project began counting.
    const history = historyPerHour(await projectsRepo.listBySubAccount(m, subAccountId), now);
    if (history === null) return { perHour: null, exhaustsInHours: null };
    return {
      perHour: toDecimalString(history.toDecimalPlaces(6)),
      exhaustsInHours: hoursFor(remaining, history),
    };
  }
  const growth = newest.spent.minus(oldest.spent);
  const perHour = growth.lte(0) ? new MoneyDecimal(0) : growth.times(HOUR_MS).div(new MoneyDecimal(ms));
  return {
    perHour: toDecimalString(perHour.toDecimalPlaces(6)),
    exhaustsInHours: hoursFor(remaining, perHour),
  };
}
