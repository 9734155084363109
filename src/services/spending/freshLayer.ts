import type { EntityManager } from 'typeorm';
import type { SkippedDays } from '../../db/repos/projectPauses.js';
import { isSkipped } from '../projects/pausedDays.js';
import type { Deps } from '../../deps.js';
import {
  spendingLayersRepo,
  type BilledRow,
  type ErrorRow,
  type EstimateRow,
} from '../../db/repos/spendingLayers.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { splitDayKey } from '../watch/sweepBill.js';
import { billDay, billDayStart } from '../../domain/billingPeriod.js';
import { microToMoney, toMicro } from '../../domain/micro.js';
import {
  applyRatio,
  calibrate,
  dayExtra,
  errorsByProject,
  nanoToMicro,
  RATIO_ONE,
  splitExtra,
  tokenCostNano,
  type ModelCalibration,
} from '../../domain/spendingLayers.js';
import type { Pacer } from '../../volc/billingPacer.js';
import type { VolcClient } from '../../volc/client.js';
import { usagePacer } from '../../volc/usagePacer.js';
import { BILL_DETAIL_LAG_MS, BILLED_EVERY_MS, BILLED_PAGES_PER_READ, readBilledDay } from './billed.js';
import { ALL_MODELS, billedSpans, ratioResolver } from './ratios.js';
import { loadPrices, type ModelPrice } from './prices.js';
import { readUsage, type UsageRow } from './usage.js';

/** GetInferenceUsage shows a call 5–30 minutes late (ark-api.md §5.2): the estimate is as of now − this. */
export const USAGE_LAG_MS = 30 * 60_000;

/** Estimates are kept this long after their day (to compare with the final bill when it lands). */
export const ESTIMATE_KEEP_DAYS = 10;

export type ProjectLayers = {
  /** micro-yuan the fresh layers add on top of the bill over the open days (≥ 0): see domain/spendingLayers */
  extra: bigint;
  /** the part of `extra` over hours the billed layer (bill detail) already covers (≤ extra) */
  billed: bigint;
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
  /** the end of the hours the billed layer covers (newest open day), null when it covers none */
  billedAsOf: Date | null;
  /** ListBillDetail pages read for the billed layer this cycle (billing calls, on the billing pacer) */
  billedCalls: number;
  /** why the billed layer was not (fully) read this cycle; the estimate stands for it */
  billedError: string | null;
};

export type BilledOptions = {
  /** the account's billing pacer (shared by every billing action of the account) */
  pacer: Pacer;
  /** read at most this often (0 = never: the billed layer is off) */
  everyMs?: number;
  detailLagMs?: number;
  pageSize?: number;
  /** pages one read may take over all its days (BILLED_PAGES_PER_READ) */
  maxPages?: number;
};

export type FreshProject = {
  projectName: string;
  countsFrom: string;
  monitored: boolean;
  /** whole days of a paused period the team chose not to count (project_pauses): no estimate for them either */
  skipped?: readonly SkippedDays[];
};

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
  opts: FreshReadOptions & FreshFinishOptions = {},
): Promise<FreshLayer> {
  const reads = await fetchFreshLayer(deps, accountId, projects.length === 0 ? [] : openDays, opts);
  return finishFreshLayer(deps, reads, projects, opts);
}

export type FreshReadOptions = {
  usageLagMs?: number;
  /** Ark usage and price reads per second for the account (volc/usagePacer; 0 = unpaced, tests) */
  usageQps?: number;
};

export type FreshFinishOptions = {
  /** the split bill's Ark figures of the open days so far, keyed by `dayKey(project, day)` of the sweep */
  arkFinal?: ReadonlyMap<string, bigint>;
  check?: (tx: EntityManager) => Promise<void>;
  /**
   * the billed-unsplit layer (ListBillDetail 5-minute rows); absent = not read, stored rows still used. Read
   * here, after the sweep: its pages share the billing pacer, and a cycle whose sweep failed makes none.
   */
  billed?: BilledOptions;
};

/** What the estimate is built from, read before the split bill's figures are known (fetchFreshLayer). */
export type FreshReads = {
  out: FreshLayer;
  now: Date;
  accountId: string;
  inputs: {
    client: VolcClient;
    costs: Array<{ u: UsageRow; nano: bigint }>;
    names: ReadonlyMap<string, string>;
    storedBilled: BilledRow[];
    stored: Awaited<ReturnType<typeof spendingLayersRepo.calibrations>>;
    calibrations: ModelCalibration[];
    errors: ErrorRow[];
    storedErrors: Awaited<ReturnType<typeof spendingLayersRepo.errors>>;
  } | null;
};

/**
 * The reads of the estimated layer that do not need the split bill: Ark usage and prices (on the account's
 * own usage pacer, not the billing one) and the stored estimates, calibrations and errors. They depend only
 * on the open days, so a cycle makes them while the sweep reads the bill; finishFreshLayer then combines
 * them with the sweep's figures. Throws when usage or prices cannot be read.
 */
export async function fetchFreshLayer(
  deps: Pick<Deps, 'db' | 'volc' | 'clock'>,
  accountId: string,
  openDays: readonly string[],
  opts: FreshReadOptions = {},
): Promise<FreshReads> {
  const now = deps.clock.now();
  const days = [...new Set(openDays)].sort();
  const out: FreshLayer = {
    projects: new Map(),
    openDays: days,
    finalAsOf: days.length > 0 ? billDay(new Date(billDayStart(days[0]!).getTime() - 1)) : billDay(now),
    estimatedAsOf: new Date(now.getTime() - (opts.usageLagMs ?? USAGE_LAG_MS)),
    calls: 0,
    calibrations: [],
    billedAsOf: null,
    billedCalls: 0,
    billedError: null,
  };
  if (days.length === 0) return { out, now, accountId, inputs: null };
  const client = await deps.volc(accountId);
  const pacer = usagePacer(accountId, opts.usageQps);
  const { prices, names, calls } = await loadPrices(client, pacer);
  const usage = await readUsage(client, days[0]!, days.at(-1)!, pacer);
  out.calls = calls + 1;

  const open = new Set(days);
  const firstOpen = days[0]!;
  const keepFrom = billDay(new Date(now.getTime() - ESTIMATE_KEEP_DAYS * 86_400_000));
  const { closed, stored, storedErrors, storedBilled } = await withReader(deps.db, async (m) => ({
    closed: await spendingLayersRepo.listEstimates(m, {
      accountId,
      sinceDay: keepFrom,
      untilDay: out.finalAsOf ?? firstOpen,
    }),
    stored: await spendingLayersRepo.calibrations(m, accountId),
    storedErrors: await spendingLayersRepo.errors(m, accountId),
    storedBilled: await spendingLayersRepo.listBilled(m, accountId, firstOpen),
  }));
  // Calibration first: the closed days' estimates against their final Ark figures, per model, and per
  // project and model (the estimate's error where the bill can tell projects apart).
  const closedRows = closed
    .filter((e) => e.day < firstOpen)
    .map((e) => ({
      project: e.projectName,
      day: e.day,
      model: e.model,
      estimated: toMicro(e.estimated.toFixed(6)) ?? 0n,
      arkFinal: toMicro(e.arkFinal.toFixed(6)) ?? 0n,
    }));
  const calibrations = calibrate(closedRows);
  const errors: ErrorRow[] = errorsByProject(closedRows).map((e) => ({
    accountId,
    projectName: e.project,
    model: e.model,
    estimated: microToMoney(e.estimated),
    finalAmount: microToMoney(e.final),
    lastDay: e.lastDay,
    updatedAt: now,
  }));
  out.calibrations = calibrations;

  // Raw cost of every usage row (all projects: the bill detail is account-wide).
  const costs: Array<{ u: UsageRow; nano: bigint }> = [];
  for (const u of usage) {
    if (!open.has(u.day)) continue;
    const price = prices.get(u.model);
    if (price) costs.push({ u, nano: costOf(u, price) });
  }

  return {
    out,
    now,
    accountId,
    inputs: { client, costs, names, storedBilled, stored, calibrations, errors, storedErrors },
  };
}

/**
 * The estimated layer from its reads (fetchFreshLayer), the billed layer when due and the split bill's Ark
 * figures of the open days (`arkFinal`, from the sweep): per project and day, stored with the raw estimates
 * per model.
 */
export async function finishFreshLayer(
  deps: Pick<Deps, 'db'>,
  reads: FreshReads,
  projects: readonly FreshProject[],
  opts: FreshFinishOptions = {},
): Promise<FreshLayer> {
  const { out, now, inputs } = reads;
  if (!inputs || projects.length === 0) return out;
  const { client, costs, names, storedBilled, stored, calibrations, errors, storedErrors } = inputs;
  const { openDays: days } = out;
  const accountId = reads.accountId;
  const watched = new Map(projects.map((p) => [p.projectName, p]));
  const open = new Set(days);

  // The billed layer: read when due, else what earlier cycles stored.
  const billedNew = opts.billed
    ? await readBilled(now, client, accountId, days, costs, names, storedBilled, opts.billed, out)
    : [];
  const billed = mergeBilled(
    storedBilled.filter((b) => open.has(b.day)),
    billedNew,
  );
  const spans = billedSpans(billed);
  for (const [day, until] of spans)
    if (until > billDayStart(day) && (!out.billedAsOf || until > out.billedAsOf)) out.billedAsOf = until;
  const errorKeys = new Set(errors.map((e) => `${e.projectName}|${e.model}`));
  const models = new Set(calibrations.map((c) => c.model));
  const ratioFor = ratioResolver({
    billed,
    errors: [...storedErrors.filter((e) => !errorKeys.has(`${e.projectName}|${e.model}`)), ...errors],
    calibrations: [
      ...stored.filter((c) => !models.has(c.model)),
      ...calibrations.map((c) => ({
        accountId,
        model: c.model,
        ratio: microToMoney(c.ratio),
        estimated: microToMoney(c.estimated),
        finalAmount: microToMoney(c.final),
        lastDay: c.lastDay,
        updatedAt: now,
      })),
    ],
  });

  const finalOf = new Map<string, bigint>();
  for (const [key, amount] of opts.arkFinal ?? []) {
    const { project, day } = splitDayKey(key);
    if (open.has(day)) finalOf.set(`${project}|${day}`, amount);
  }

  // Σ cost per (project, day, model) in nano-yuan (and of the hours the billed layer covers), and per project
  // per hour for the burn.
  const nano = new Map<string, { project: string; day: string; model: string; nano: bigint; span: bigint }>();
  const hourly = new Map<string, Map<string, bigint>>();
  for (const { u, nano: cost } of costs) {
    if (!watched.has(u.project)) continue;
    const k = `${u.project}|${u.day}|${u.model}`;
    const acc = nano.get(k) ?? { project: u.project, day: u.day, model: u.model, nano: 0n, span: 0n };
    acc.nano += cost;
    if (inSpan(u.hour, spans.get(u.day))) acc.span += cost;
    nano.set(k, acc);
    const ratio = ratioFor(u.project, u.day, u.model);
    const h = hourly.get(u.project) ?? new Map<string, bigint>();
    h.set(u.hour, (h.get(u.hour) ?? 0n) + applyRatio(nanoToMicro(cost), ratio));
    hourly.set(u.project, h);
  }

  // Calibrated estimate per (project, day), and of the hours the billed layer covers.
  const perDay = new Map<string, bigint>();
  const perDaySpan = new Map<string, bigint>();
  const rows: EstimateRow[] = [];
  for (const e of nano.values()) {
    const micro = nanoToMicro(e.nano);
    const span = nanoToMicro(e.span);
    rows.push({
      accountId,
      projectName: e.project,
      day: e.day,
      model: e.model,
      estimated: microToMoney(micro),
      arkFinal: microToMoney(finalOf.get(`${e.project}|${e.day}`) ?? 0n),
      billedSpan: microToMoney(span),
      usageAsOf: out.estimatedAsOf,
    });
    const k = `${e.project}|${e.day}`;
    const ratio = ratioFor(e.project, e.day, e.model);
    perDay.set(k, (perDay.get(k) ?? 0n) + applyRatio(micro, ratio));
    perDaySpan.set(k, (perDaySpan.get(k) ?? 0n) + applyRatio(span, ratio));
  }
  for (const [name, l] of combineProjects(projects, days, finalOf, perDay, perDaySpan))
    out.projects.set(name, {
      ...l,
      recentPerHour: recentPerHour(hourly.get(name), out.estimatedAsOf),
    });

  await inTransaction(deps.db, async (tx) => {
    await opts.check?.(tx);
    await spendingLayersRepo.upsertEstimates(tx, rows, now);
    if (billedNew.length > 0) await spendingLayersRepo.upsertBilled(tx, billedNew);
    // Only what changed: the closed days move once a day, not every cycle.
    const was = new Map(storedErrors.map((e) => [`${e.projectName}|${e.model}`, e]));
    await spendingLayersRepo.saveErrors(
      tx,
      errors.filter((e) => {
        const w = was.get(`${e.projectName}|${e.model}`);
        return (
          !w || !w.estimated.eq(e.estimated) || !w.finalAmount.eq(e.finalAmount) || w.lastDay !== e.lastDay
        );
      }),
    );
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
      accountId,
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
  /** the calibrated estimate of the hours the billed layer covers, same keys (absent: none) */
  perDaySpan?: ReadonlyMap<string, bigint>,
): Map<string, { extra: bigint; billed: bigint; estimatedOpen: bigint }> {
  const out = new Map<string, { extra: bigint; billed: bigint; estimatedOpen: bigint }>();
  for (const p of projects) {
    let extra = 0n;
    let billed = 0n;
    let estimatedOpen = 0n;
    for (const day of days) {
      if (day < p.countsFrom || isSkipped(day, p.skipped)) continue;
      const k = `${p.projectName}|${day}`;
      const estimated = perDay.get(k) ?? null;
      const final = finalOf.get(k) ?? 0n;
      const dayAdds = dayExtra({ final, estimated }, true);
      extra += dayAdds;
      if (estimated !== null) billed += splitExtra(final, perDaySpan?.get(k) ?? 0n, estimated).billed;
      estimatedOpen += estimated ?? 0n;
    }
    out.set(p.projectName, { extra, billed, estimatedOpen });
  }
  return out;
}

/** Whether the usage hour 'YYYY-MM-DD HH:00' (Shanghai) ends by `until`. */
function inSpan(hour: string, until: Date | undefined): boolean {
  if (!until) return false;
  return hourStartOf(hour).getTime() + 3_600_000 <= until.getTime();
}

function hourStartOf(hour: string): Date {
  return new Date(`${hour.slice(0, 10)}T${hour.slice(11, 13)}:00:00+08:00`);
}

/** Stored billed rows with this cycle's reads in place of the same (day, model). */
function mergeBilled(stored: readonly BilledRow[], fresh: readonly BilledRow[]): BilledRow[] {
  const readDays = new Set(fresh.map((b) => b.day));
  return [...stored.filter((b) => !readDays.has(b.day)), ...fresh];
}

/**
 * The billed layer's read, when due (once per `everyMs` per account, see BILLED_EVERY_MS): the open days'
 * ListBillDetail 5-minute Ark rows, account-wide, per model and complete hour, beside the raw estimate of the
 * same model and hours over every project (the rows name none). It reads today, and at most one earlier open
 * day whose hours it has not yet covered to the end: so a read is one or two days, whatever the day of the
 * month; and only a day with some estimate over those hours (no Ark usage: nothing to calibrate, no call).
 * A complete earlier day is read first, by its day rows (GroupPeriod 1: at 2,000 sub-accounts a day of
 * 5-minute rows is hundreds of pages, its day rows a few), once: covered to its end, it is not read again.
 * Today gets the pages left: the pages of one read are capped (BILLED_PAGES_PER_READ) over its days; a today
 * over budget is calibrated by the model's newest billed ratio (ratios.ts), yesterday's. The hours compared
 * end where both the usage and the bill detail are surely complete. A day that cannot be read (too many
 * pages, moved while read, an error) keeps what was stored and is tried again at the next read; the estimate
 * stands for it meanwhile, and `out.billedError` says why, for each such day.
 */
async function readBilled(
  now: Date,
  client: VolcClient,
  accountId: string,
  days: readonly string[],
  costs: ReadonlyArray<{ u: UsageRow; nano: bigint }>,
  names: ReadonlyMap<string, string>,
  stored: readonly BilledRow[],
  opts: BilledOptions,
  out: FreshLayer,
): Promise<BilledRow[]> {
  const everyMs = opts.everyMs ?? BILLED_EVERY_MS;
  if (everyMs <= 0) return [];
  const marks = new Map(stored.filter((b) => b.model === ALL_MODELS).map((b) => [b.day, b]));
  let last: Date | null = null;
  for (const b of marks.values()) if (!last || b.readAt > last) last = b.readAt;
  if (last && now.getTime() - last.getTime() < everyMs) return [];

  const lag = Math.max(now.getTime() - out.estimatedAsOf.getTime(), opts.detailLagMs ?? BILL_DETAIL_LAG_MS);
  const complete = Math.floor((now.getTime() - lag) / 3_600_000) * 3_600_000;
  const spanOf = (day: string) => {
    const start = billDayStart(day).getTime();
    return new Date(Math.min(Math.max(complete, start), start + 86_400_000));
  };
  const today = days.at(-1)!;
  const earlier = [...days]
    .reverse()
    .find(
      (d) => d < today && (marks.get(d)?.spanUntil.getTime() ?? 0) < billDayStart(d).getTime() + 86_400_000,
    );
  // Only days with an estimate over their complete hours: without one there is nothing to calibrate (and no
  // Ark usage, no Ark bill worth a call). A complete earlier day is read first, once, by its day rows
  // (GroupPeriod 1: one row a day per instance and charge item, far fewer pages than its 5-minute rows, the
  // same whole-day sum): it is then covered to its end and never read again; today gets the pages left.
  const dayEnd = (day: string) => billDayStart(day).getTime() + 86_400_000;
  const toRead = (earlier ? [earlier, today] : [today])
    .map((day) => {
      const span = spanOf(day);
      const estimated = new Map<string, bigint>();
      let estimatedAll = 0n;
      for (const { u, nano } of costs) {
        if (u.day !== day || !inSpan(u.hour, span)) continue;
        estimated.set(u.model, (estimated.get(u.model) ?? 0n) + nano);
        estimatedAll += nano;
      }
      const daily = day < today && span.getTime() >= dayEnd(day);
      return { day, span, estimated, estimatedAll, daily };
    })
    .filter((d) => d.estimatedAll > 0n)
    .sort((x, y) => Number(y.daily) - Number(x.daily));

  const rows: BilledRow[] = [];
  const budget = opts.maxPages ?? BILLED_PAGES_PER_READ;
  let pagesLeft = budget;
  const errors: string[] = [];
  for (const { day, span, estimated, estimatedAll, daily } of toRead) {
    if (pagesLeft <= 0) {
      errors.push(`bill detail of ${day}: not read, the ${budget} pages a read may take are spent`);
      continue;
    }
    const before = out.billedCalls;
    try {
      const read = await readBilledDay(client, opts.pacer, day, names, {
        ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
        maxPages: pagesLeft,
        budget,
        groupPeriod: daily ? 1 : 2,
        onPage: () => out.billedCalls++,
      });
      pagesLeft -= out.billedCalls - before;
      const sum = (hours: ReadonlyMap<string, bigint> | undefined) => {
        let v = 0n;
        for (const [h, a] of hours ?? []) if (inSpan(h, span)) v += a;
        return v;
      };
      for (const model of new Set([...read.byModel.keys(), ...estimated.keys()]))
        rows.push({
          accountId,
          day,
          model,
          billed: microToMoney(sum(read.byModel.get(model))),
          estimated: microToMoney(nanoToMicro(estimated.get(model) ?? 0n)),
          spanUntil: span,
          readAt: now,
        });
      rows.push({
        accountId,
        day,
        model: ALL_MODELS,
        billed: microToMoney(sum(read.all)),
        estimated: microToMoney(nanoToMicro(estimatedAll)),
        spanUntil: span,
        readAt: now,
      });
    } catch (err) {
      pagesLeft -= out.billedCalls - before;
      const message = err instanceof Error ? err.message : String(err);
      errors.push((message.includes(day) ? message : `bill detail of ${day}: ${message}`).slice(0, 300));
      // Tried: not again before the next read is due. What was stored of the day stays.
      const kept = stored.filter((b) => b.day === day);
      const mark = marks.get(day);
      rows.push(...kept.filter((b) => b.model !== ALL_MODELS));
      rows.push(
        mark
          ? { ...mark, readAt: now }
          : {
              accountId,
              day,
              model: ALL_MODELS,
              billed: microToMoney(0n),
              estimated: microToMoney(0n),
              spanUntil: billDayStart(day),
              readAt: now,
            },
      );
    }
  }
  // Every day that failed, not just the last one.
  if (errors.length > 0) out.billedError = errors.join('; ').slice(0, 600);
  return rows;
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
