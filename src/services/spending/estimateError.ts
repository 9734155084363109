import type { EntityManager } from 'typeorm';
import { spendingLayersRepo } from '../../db/repos/spendingLayers.js';
import type { Money } from '../../domain/money.js';

/** How far the raw estimate was from the final bill over the closed days compared. */
export type EstimateError = {
  accountId: string;
  /** the project, when the error was measured per project and model; null = the model over every project */
  project: string | null;
  model: string;
  /** (estimated − billed) ÷ billed in percent, rounded to a whole number ("+20", "-8", "0") */
  percent: string;
  /** |percent| as a number, for thresholds */
  off: number;
  /** the last closed day compared ('YYYY-MM-DD', Shanghai) */
  lastDay: string;
};

function errorOf(estimated: Money, final: Money): { percent: string; off: number } | null {
  if (final.lte(0)) return null;
  const pct = estimated.minus(final).div(final).times(100).toDecimalPlaces(0);
  const n = pct.toNumber();
  return { percent: n > 0 ? `+${pct.toFixed(0)}` : pct.toFixed(0), off: Math.abs(n) };
}

/**
 * Per account, project and model, the estimate's error against the final bill (spending_errors, written
 * when a day's final bill lands; the cycle corrects the estimate of that project and model by it). A model
 * with no error per project yet (a calibration stored before, or set by hand) is listed once, over every
 * project. Rows whose bill was 0 are left out (no ratio to state).
 */
export async function estimateErrors(m: EntityManager, accountId?: string): Promise<EstimateError[]> {
  const perProject = await spendingLayersRepo.errors(m, accountId);
  const out: EstimateError[] = [];
  const measured = new Set<string>();
  for (const e of perProject) {
    const err = errorOf(e.estimated, e.finalAmount);
    if (!err) continue;
    measured.add(`${e.accountId}|${e.model}`);
    out.push({ accountId: e.accountId, project: e.projectName, model: e.model, ...err, lastDay: e.lastDay });
  }
  for (const c of await spendingLayersRepo.calibrations(m, accountId)) {
    if (measured.has(`${c.accountId}|${c.model}`)) continue;
    const err = errorOf(c.estimated, c.finalAmount);
    if (!err) continue;
    out.push({ accountId: c.accountId, project: null, model: c.model, ...err, lastDay: c.lastDay });
  }
  return out.sort((a, b) =>
    a.accountId !== b.accountId
      ? a.accountId < b.accountId
        ? -1
        : 1
      : `${a.model}|${a.project ?? ''}` < `${b.model}|${b.project ?? ''}`
        ? -1
        : 1,
  );
}
