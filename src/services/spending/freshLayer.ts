import type { Deps } from '../../deps.js';
import { spendingLayersRepo, type EstimateRow } from '../../db/repos/spendingLayers.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { splitDayKey } from '../watch/sweepBill.js';
import { billDay, billDayStart } from '../../domain/billingPeriod.js';
import { microToMoney, toMicro } from '../../domain/micro.js';
import {
  applyRatio,
  calibrate,
  dayExtra,
  nanoToMicro,
  RATIO_ONE,
  tokenCostNano,
  type ModelCalibration,
} from '../../domain/spendingLayers.js';
import { usagePacer } from '../../volc/usagePacer.js';
import { loadPrices, type ModelPrice } from './prices.js';
import { readUsage, type UsageRow } from './usage.js';

/** GetInferenceUsage shows a call 5–30 minutes late (ark-api.md §5.2): the estimate is as of now − this. */
export const USAGE_LAG_MS = 30 * 60_000;

/** Estimates are kept this long after their day (to compare with the final bill when it lands). */
export const ESTIMATE_KEEP_DAYS = 10;

export type ProjectLayers = {
  /** micro-yuan the estimate adds on top of the bill over the open days (≥ 0): see domain/spendingLayers */
  extra: bigint;
  /** the calibrated estimate of the open days that count (micro-yuan) */
  estimatedOpen: bigint;
  /** the estimate per hour of the newest complete usage hours (micro-yuan per hour), null without usage */
  recentPerHour: bigint | null;
};

export type FreshLayer = {
  projects: Map<string, ProjectLayers>;
  /** the open days the estimate stood in for, oldest first */
  openDays: string[];
  /** the last day the final layer covers alone (the day before the first open day) */
  finalAsOf: string | null;
  /** how fresh the estimate is (now − the usage lag) */
  estimatedAsOf: Date;
  /** usage and price calls made (Ark, not the billing pacer) */
  calls: number;
  /** per model, the estimates of the closed days against the final bill (what the ratios now are) */
  calibrations: ModelCalibration[];
};

export type FreshProject = { projectName: string; countsFrom: string; monitored: boolean };

/**
 * The estimated layer of one account for its open days: Ark usage per project, model and hour
 * (GetInferenceUsage) × the account's own prices (ListModelChargeItems, read once per cycle), calibrated per
 * model, combined per project and day with the final figures just stored (spending_records) by the rule of
 * domain/spendingLayers: max(final so far, estimate) on open days, the bill alone on closed ones. The raw
 * estimates are stored per (project, day, model) so the final bill can be compared with them when the day
 * closes. Throws when usage or prices cannot be read: the caller keeps the bill-only figures.
 */
export async function readFreshLayer(
  deps: Pick<Deps, 'db' | 'volc' | 'clock'>,
  accountId: string,
  projects: readonly FreshProject[],
  openDays: readonly string[],
  opts: {
    /** the split bill's Ark figures of the open days so far, keyed by `dayKey(project, day)` of the sweep */
    arkFinal?: ReadonlyMap<string, bigint>;
    usageLagMs?: number;
    /** Ark usage and price reads per second for the account (volc/usagePacer; 0 = unpaced, tests) */
    usageQps?: number;
    check?: (tx: import('typeorm').EntityManager) => Promise<void>;
  } = {},
): Promise<FreshLayer> {
  const now = deps.clock.now();
  const days = [...new Set(openDays)].sort();
  const out: FreshLayer = {
    projects: new Map(),
    openDays: days,
    finalAsOf: days.length > 0 ? billDay(new Date(billDayStart(days[0]!).getTime() - 1)) : billDay(now),
    estimatedAsOf: new Date(now.getTime() - (opts.usageLagMs ?? USAGE_LAG_MS)),
    calls: 0,
    calibrations: [],
  };
  if (days.length === 0 || projects.length === 0) return out;
  const client = await deps.volc(accountId);
  const pacer = usagePacer(accountId, opts.usageQps);
  const { prices, calls } = await loadPrices(client, pacer);
  const usage = await readUsage(client, days[0]!, days.at(-1)!, pacer);
  out.calls = calls + 1;

  const watched = new Map(projects.map((p) => [p.projectName, p]));
  const open = new Set(days);
  const firstOpen = days[0]!;
  const keepFrom = billDay(new Date(now.getTime() - ESTIMATE_KEEP_DAYS * 86_400_000));
  const { closed, stored } = await withReader(deps.db, async (m) => ({
    closed: await spendingLayersRepo.listEstimates(m, {
      accountId,
      sinceDay: keepFrom,
      untilDay: out.finalAsOf ?? firstOpen,
    }),
    stored: await spendingLayersRepo.calibrations(m, accountId),
  }));
  // Calibration first: the closed days' estimates against their final Ark figures, per model.
  const calibrations = calibrate(
    closed
      .filter((e) => e.day < firstOpen)
      .map((e) => ({
        project: e.projectName,
        day: e.day,
        model: e.model,
        estimated: toMicro(e.estimated.toFixed(6)) ?? 0n,
        arkFinal: toMicro(e.arkFinal.toFixed(6)) ?? 0n,
      })),
  );
  const ratios = new Map(stored.map((c) => [c.model, c.ratio]));
  for (const c of calibrations) ratios.set(c.model, microToMoney(c.ratio));
  out.calibrations = calibrations;
  const finalOf = new Map<string, bigint>();
  for (const [key, amount] of opts.arkFinal ?? []) {
    const { project, day } = splitDayKey(key);
    if (open.has(day)) finalOf.set(`${project}|${day}`, amount);
  }

  // Σ cost per (project, day, model) in nano-yuan, and per project per hour for the burn.
  const nano = new Map<string, { project: string; day: string; model: string; nano: bigint }>();
  const hourly = new Map<string, Map<string, bigint>>();
  for (const u of usage) {
    if (!watched.has(u.project) || !open.has(u.day)) continue;
    const price = prices.get(u.model);
    if (!price) continue;
    const cost = costOf(u, price);
    const k = `${u.project}|${u.day}|${u.model}`;
    const acc = nano.get(k) ?? { project: u.project, day: u.day, model: u.model, nano: 0n };
    acc.nano += cost;
    nano.set(k, acc);
    const ratio = ratioMicro(ratios.get(u.model));
    const h = hourly.get(u.project) ?? new Map<string, bigint>();
    h.set(u.hour, (h.get(u.hour) ?? 0n) + applyRatio(nanoToMicro(cost), ratio));
    hourly.set(u.project, h);
  }

  // Calibrated estimate per (project, day).
  const perDay = new Map<string, bigint>();
  const rows: EstimateRow[] = [];
  for (const e of nano.values()) {
    const micro = nanoToMicro(e.nano);
    rows.push({
      accountId,
      projectName: e.project,
      day: e.day,
      model: e.model,
      estimated: microToMoney(micro),
      arkFinal: microToMoney(finalOf.get(`${e.project}|${e.day}`) ?? 0n),
      usageAsOf: out.estimatedAsOf,
    });
    const k = `${e.project}|${e.day}`;
    perDay.set(k, (perDay.get(k) ?? 0n) + applyRatio(micro, ratioMicro(ratios.get(e.model))));
  }
  for (const [name, l] of combineProjects(projects, days, finalOf, perDay))
    out.projects.set(name, {
      ...l,
      recentPerHour: recentPerHour(hourly.get(name), out.estimatedAsOf),
    });

  await inTransaction(deps.db, async (tx) => {
    await opts.check?.(tx);
    await spendingLayersRepo.upsertEstimates(tx, rows, now);
    for (const c of calibrations)
      await spendingLayersRepo.saveCalibration(tx, {
        accountId,
        model: c.model,
        ratio: microToMoney(c.ratio),
        estimated: microToMoney(c.estimated),
        finalAmount: microToMoney(c.final),
        lastDay: c.lastDay,
        updatedAt: now,
      });
    await spendingLayersRepo.pruneEstimates(
      tx,
      billDay(new Date(now.getTime() - ESTIMATE_KEEP_DAYS * 86_400_000)),
    );
  });
  return out;
}

/**
 * Per project over the open days it counts: what the estimate adds on top of the bill (the rule of
 * domain/spendingLayers, one figure per project and day) and the estimate itself. Keys of `finalOf` and
 * `perDay` are `project|day`, micro-yuan.
 */
export function combineProjects(
  projects: readonly FreshProject[],
  days: readonly string[],
  finalOf: ReadonlyMap<string, bigint>,
  perDay: ReadonlyMap<string, bigint>,
): Map<string, { extra: bigint; estimatedOpen: bigint }> {
  const out = new Map<string, { extra: bigint; estimatedOpen: bigint }>();
  for (const p of projects) {
    let extra = 0n;
    let estimatedOpen = 0n;
    for (const day of days) {
      if (day < p.countsFrom) continue;
      const k = `${p.projectName}|${day}`;
      const estimated = perDay.get(k) ?? null;
      extra += dayExtra({ final: finalOf.get(k) ?? 0n, estimated }, true);
      estimatedOpen += estimated ?? 0n;
    }
    out.set(p.projectName, { extra, estimatedOpen });
  }
  return out;
}

export function ratioMicro(ratio: { toFixed(n: number): string } | undefined): bigint {
  if (!ratio) return RATIO_ONE;
  return toMicro(ratio.toFixed(6)) ?? RATIO_ONE;
}

/** One usage row's cost in nano-yuan: cached prompt tokens at the cache price, the rest at the input price. */
function costOf(u: UsageRow, price: ModelPrice): bigint {
  if (price.freeLeft > 0) return 0n;
  const cached = Math.min(u.cacheHit, u.input);
  return (
    tokenCostNano(u.input - cached, price.input) +
    tokenCostNano(cached, price.cacheHit) +
    tokenCostNano(u.output, price.output)
  );
}

/**
 * Spending per hour over the last complete usage hours (up to 3, ending before the estimate's as-of), in
 * micro-yuan; null when there is no usage hour at all (nothing known, not zero).
 */
function recentPerHour(hours: Map<string, bigint> | undefined, asOf: Date): bigint | null {
  if (!hours || hours.size === 0) return null;
  const shanghai = new Date(asOf.getTime() + 8 * 3_600_000).toISOString();
  const current = `${shanghai.slice(0, 10)} ${shanghai.slice(11, 13)}:00`;
  const complete = [...hours.keys()].filter((h) => h < current).sort();
  const last = complete.slice(-3);
  if (last.length === 0) return null;
  let sum = 0n;
  for (const h of last) sum += hours.get(h)!;
  return sum / BigInt(last.length);
}
