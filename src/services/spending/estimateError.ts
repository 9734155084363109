import type { EntityManager } from 'typeorm';
import { spendingLayersRepo } from '../../db/repos/spendingLayers.js';

/** How far a model's raw estimate was from the final bill over the closed days it was calibrated on. */
export type EstimateError = {
  accountId: string;
  model: string;
  /** (estimated − billed) ÷ billed in percent, rounded to a whole number ("+20", "-8", "0") */
  percent: string;
  /** |percent| as a number, for thresholds */
  off: number;
  /** the last closed day compared ('YYYY-MM-DD', Shanghai) */
  lastDay: string;
};

/**
 * Per account and model, the estimate's error against the bill as stored with the calibration (the cycle
 * then corrects the estimate by that ratio). Models whose bill was 0 are left out (no ratio to state).
 */
export async function estimateErrors(m: EntityManager, accountId?: string): Promise<EstimateError[]> {
  const rows = await spendingLayersRepo.calibrations(m, accountId);
  const out: EstimateError[] = [];
  for (const c of rows) {
    if (c.finalAmount.lte(0)) continue;
    const pct = c.estimated.minus(c.finalAmount).div(c.finalAmount).times(100).toDecimalPlaces(0);
    const n = pct.toNumber();
    out.push({
      accountId: c.accountId,
      model: c.model,
      percent: n > 0 ? `+${pct.toFixed(0)}` : pct.toFixed(0),
      off: Math.abs(n),
      lastDay: c.lastDay,
    });
  }
  return out;
}
