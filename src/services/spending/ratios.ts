import type { BilledRow, CalibrationRow, ErrorRow } from '../../db/repos/spendingLayers.js';
import { toMicro } from '../../domain/micro.js';
import { ratioOf, RATIO_ONE } from '../../domain/spendingLayers.js';

/** The billed layer's row of a whole day (all models, matched or not): also marks when the day was read. */
export const ALL_MODELS = '*';

const micro = (m: { toFixed(n: number): string }) => toMicro(m.toFixed(6)) ?? 0n;

/**
 * The calibration applied to an estimate of (project, day, model), micro-units (1.000000 = as estimated),
 * freshest evidence first:
 * 1. the billed layer of that day and model: billed ÷ estimated over the same complete hours, account-wide
 *    (the bill detail names no project);
 * 2. the model's newest billed ratio of another open day;
 * 3. the project and model's error over closed days (final ÷ estimated, spending_errors);
 * 4. the model's over closed days (spending_calibrations); else 1.
 * A billed figure of 0 calibrates nothing (a model the bill names differently would read as free): the
 * estimate then stands, the harsher reading for a quota.
 */
export function ratioResolver(input: {
  billed: ReadonlyArray<Pick<BilledRow, 'day' | 'model' | 'billed' | 'estimated'>>;
  errors: ReadonlyArray<Pick<ErrorRow, 'projectName' | 'model' | 'estimated' | 'finalAmount'>>;
  calibrations: ReadonlyArray<Pick<CalibrationRow, 'model' | 'ratio'>>;
}): (project: string, day: string, model: string) => bigint {
  const byDay = new Map<string, bigint>();
  const newest = new Map<string, { day: string; ratio: bigint }>();
  for (const b of input.billed) {
    if (b.model === ALL_MODELS) continue;
    const billed = micro(b.billed);
    if (billed <= 0n) continue;
    const ratio = ratioOf(billed, micro(b.estimated));
    if (ratio === null) continue;
    byDay.set(`${b.day}|${b.model}`, ratio);
    const n = newest.get(b.model);
    if (!n || b.day > n.day) newest.set(b.model, { day: b.day, ratio });
  }
  const byProject = new Map<string, bigint>();
  for (const e of input.errors) {
    const r = ratioOf(micro(e.finalAmount), micro(e.estimated));
    if (r !== null) byProject.set(`${e.projectName}|${e.model}`, r);
  }
  const byModel = new Map(input.calibrations.map((c) => [c.model, micro(c.ratio)]));
  return (project, day, model) =>
    byDay.get(`${day}|${model}`) ??
    newest.get(model)?.ratio ??
    byProject.get(`${project}|${model}`) ??
    byModel.get(model) ??
    RATIO_ONE;
}

/** Per open day, the end of the hours the billed layer covers (its all-models row), when it covers any. */
export function billedSpans(
  billed: ReadonlyArray<Pick<BilledRow, 'day' | 'model' | 'spanUntil'>>,
): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const b of billed) if (b.model === ALL_MODELS) out.set(b.day, b.spanUntil);
  return out;
}
