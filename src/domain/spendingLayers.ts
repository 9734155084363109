/**
 * The layers of a project's spending on one bill day, and how they combine (issue 14). Amounts are integer
 * micro-yuan (bigint): exact.
 *
 * - final: the split bill. Once a day is closed (older than the split bill's lag) it is the whole truth.
 * - estimated: Ark usage × the account's own price, calibrated per model against earlier final bills;
 *   minutes old, but an estimate.
 *
 * The rule, per project and day: a closed day counts its final figure; an open day counts
 * max(final so far, calibrated estimate). Each (project, day) contributes exactly one of its figures, never
 * their sum, so a day moving from estimated to final is never counted twice: the estimate only fills the gap
 * between what the bill shows so far and what the usage says, and disappears when the day closes.
 */
export type DayFigures = { final: bigint; estimated: bigint | null };

/** What a day counts (see the rule above). */
export function dayCounts(day: DayFigures, open: boolean): bigint {
  if (!open || day.estimated === null) return day.final;
  return day.estimated > day.final ? day.estimated : day.final;
}

/** What a day adds on top of its final figure: the estimate's excess on an open day, else 0. */
export function dayExtra(day: DayFigures, open: boolean): bigint {
  return dayCounts(day, open) - day.final;
}

/** Calibration ratios are stored with 6 decimals: 1.000000 = the estimate matched the bill. */
export const RATIO_ONE = 1_000_000n;

/** `amount` × ratio (micro-units), rounded half up. */
export function applyRatio(amount: bigint, ratioMicro: bigint): bigint {
  const v = amount * ratioMicro;
  return (v + (v >= 0n ? RATIO_ONE / 2n : -RATIO_ONE / 2n)) / RATIO_ONE;
}

/** final ÷ estimated in micro-units, or null when nothing was estimated. */
export function ratioOf(final: bigint, estimated: bigint): bigint | null {
  if (estimated <= 0n) return null;
  return (final * RATIO_ONE + estimated / 2n) / estimated;
}

/**
 * Cost of tokens in nano-yuan at a price in micro-yuan per 1,000 tokens: exact (a micro-yuan price per
 * thousand tokens is a nano-yuan price per token).
 */
export function tokenCostNano(tokens: number, priceMicroPerK: bigint): bigint {
  return BigInt(Math.max(0, Math.trunc(tokens))) * priceMicroPerK;
}

/** Nano-yuan to micro-yuan, rounded half up. */
export function nanoToMicro(nano: bigint): bigint {
  return (nano + 500n) / 1000n;
}

/** One stored estimate of a closed day: the model's estimate and the bill's Ark figure of its project/day. */
export type ClosedEstimate = {
  project: string;
  day: string;
  model: string;
  estimated: bigint;
  arkFinal: bigint;
};

export type ModelCalibration = {
  model: string;
  estimated: bigint;
  final: bigint;
  ratio: bigint;
  lastDay: string;
};

/**
 * Per model, how the estimates compared with the final bill over closed days: each project/day's Ark figure
 * is shared among its models in proportion to their estimates (the split bill has no model), then per model
 * ratio = Σ final ÷ Σ estimated. Models with nothing estimated are left out (their ratio stays as it was).
 */
export function calibrate(rows: readonly ClosedEstimate[]): ModelCalibration[] {
  const byDay = new Map<string, { arkFinal: bigint; total: bigint; models: Map<string, bigint> }>();
  for (const r of rows) {
    const k = `${r.project}|${r.day}`;
    const d = byDay.get(k) ?? { arkFinal: 0n, total: 0n, models: new Map<string, bigint>() };
    if (r.arkFinal > d.arkFinal) d.arkFinal = r.arkFinal;
    d.total += r.estimated;
    d.models.set(r.model, (d.models.get(r.model) ?? 0n) + r.estimated);
    byDay.set(k, d);
  }
  const out = new Map<string, ModelCalibration>();
  for (const [k, d] of byDay) {
    if (d.total <= 0n) continue;
    const day = k.slice(k.lastIndexOf('|') + 1);
    for (const [model, est] of d.models) {
      const c = out.get(model) ?? { model, estimated: 0n, final: 0n, ratio: RATIO_ONE, lastDay: day };
      c.estimated += est;
      c.final += (d.arkFinal * est + d.total / 2n) / d.total;
      if (day > c.lastDay) c.lastDay = day;
      out.set(model, c);
    }
  }
  const list = [...out.values()].filter((c) => c.estimated > 0n);
  for (const c of list) c.ratio = ratioOf(c.final, c.estimated) ?? RATIO_ONE;
  return list.sort((a, b) => (a.model < b.model ? -1 : 1));
}

/**
 * An open day's extra split by layer. `spanned` is the calibrated estimate of the hours the billed layer
 * (ListBillDetail, account-wide per model) already covers, `total` the whole day's; `final` the split bill's
 * Ark figure so far. The day adds max(0, total − final) on top of the bill (the rule above); of that, the
 * billed layer's part is what its hours add over the bill, the estimate's the rest. Both ≥ 0, their sum is the
 * extra: nothing is counted twice.
 */
export function splitExtra(
  final: bigint,
  spanned: bigint,
  total: bigint,
): { billed: bigint; estimated: bigint } {
  const extra = dayExtra({ final, estimated: total }, true);
  const billedRaw = spanned > final ? spanned - final : 0n;
  const billed = billedRaw < extra ? billedRaw : extra;
  return { billed, estimated: extra - billed };
}

export type ProjectModelError = {
  project: string;
  model: string;
  estimated: bigint;
  final: bigint;
  lastDay: string;
};

/**
 * Per project and model, the raw estimates of closed days against the final bill: each project/day's Ark
 * figure shared among its models in proportion to `weight` (the estimate as calibrated per model when the
 * day was open, else the raw estimate), so a project of one model is compared exactly.
 */
export function errorsByProject(
  rows: ReadonlyArray<ClosedEstimate & { weight?: bigint }>,
): ProjectModelError[] {
  const byDay = new Map<
    string,
    { arkFinal: bigint; total: bigint; rows: Array<ClosedEstimate & { w: bigint }> }
  >();
  for (const r of rows) {
    const k = `${r.project}|${r.day}`;
    const d = byDay.get(k) ?? { arkFinal: 0n, total: 0n, rows: [] };
    if (r.arkFinal > d.arkFinal) d.arkFinal = r.arkFinal;
    const w = r.weight ?? r.estimated;
    d.total += w;
    d.rows.push({ ...r, w });
    byDay.set(k, d);
  }
  const out = new Map<string, ProjectModelError>();
  for (const d of byDay.values()) {
    if (d.total <= 0n) continue;
    for (const r of d.rows) {
      const k = `${r.project}|${r.model}`;
      const e = out.get(k) ?? {
        project: r.project,
        model: r.model,
        estimated: 0n,
        final: 0n,
        lastDay: r.day,
      };
      e.estimated += r.estimated;
      e.final += (d.arkFinal * r.w + d.total / 2n) / d.total;
      if (r.day > e.lastDay) e.lastDay = r.day;
      out.set(k, e);
    }
  }
  return [...out.values()]
    .filter((e) => e.estimated > 0n)
    .sort((a, b) =>
      a.project === b.project ? (a.model < b.model ? -1 : 1) : a.project < b.project ? -1 : 1,
    );
}
