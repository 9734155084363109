import { microToMoney } from '../../domain/micro.js';
import type { Money } from '../../domain/money.js';
import type { FreshLayer } from './freshLayer.js';

/** A sub-account's spending by layer: spent = final + estimated, each over the days it covers. */
export type SubLayers = {
  spent: Money;
  /** the split bill's figures (closed days, and open days as far as the bill shows them) */
  final: Money;
  /** what the estimate adds over the open days, on top of the bill (≥ 0) */
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
  let perHour: bigint | null = null;
  for (const p of projects) {
    if (!p.monitored) continue;
    const l = layer.projects.get(p.projectName);
    if (!l) continue;
    extra += l.extra;
    if (l.recentPerHour !== null) perHour = (perHour ?? 0n) + l.recentPerHour;
  }
  const estimated = microToMoney(extra);
  return {
    spent: final.plus(estimated),
    final,
    estimated,
    finalAsOf: layer.finalAsOf,
    estimatedAsOf: layer.estimatedAsOf,
    perHour: perHour === null ? null : microToMoney(perHour),
  };
}
