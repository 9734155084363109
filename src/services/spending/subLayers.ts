import { microToMoney } from '../../domain/micro.js';
import type { Money } from '../../domain/money.js';
import type { FreshLayer } from './freshLayer.js';

/** A sub-account's spending by layer: spent = final + billed + estimated, each over the hours it covers. */
export type SubLayers = {
  spent: Money;
  /** the split bill's figures (closed days, and open days as far as the bill shows them) */
  final: Money;
  /**
   * what the bill detail (5-minute rows, account-wide per model) adds on top of the split bill over the hours
   * it covers, shared to the projects by their usage (≥ 0)
   */
  billed: Money;
  /** the end of the hours the billed layer covers, null when none */
  billedAsOf: Date | null;
  /** what the estimate adds over the rest of the open days, on top of both (≥ 0) */
  estimated: Money;
  /** the last day the bill covers alone ('YYYY-MM-DD', Shanghai) */
  finalAsOf: string | null;
  /** how fresh the estimate is */
  estimatedAsOf: Date;
  /** spending per hour from the newest usage hours; null without usage (unknown, never 0) */
  perHour: Money | null;
};

/** One sub-account's layers from its projects' bill figures and the account's fresh layer. */
export function subLayers(
  layer: FreshLayer,
  projects: ReadonlyArray<{ projectName: string; monitored: boolean }>,
  final: Money,
): SubLayers {
  let extra = 0n;
  let billed = 0n;
  let perHour: bigint | null = null;
  for (const p of projects) {
    if (!p.monitored) continue;
    const l = layer.projects.get(p.projectName);
    if (!l) continue;
    extra += l.extra;
    billed += l.billed;
    if (l.recentPerHour !== null) perHour = (perHour ?? 0n) + l.recentPerHour;
  }
  return {
    spent: final.plus(microToMoney(extra)),
    final,
    billed: microToMoney(billed),
    billedAsOf: layer.billedAsOf,
    estimated: microToMoney(extra - billed),
    finalAsOf: layer.finalAsOf,
    estimatedAsOf: layer.estimatedAsOf,
    perHour: perHour === null ? null : microToMoney(perHour),
  };
}
