import type { SimCore } from '../core.js';
import { drawLagMinutes, lagBounds, LAG_KIND } from './settings.js';
import { arkSettingsOf } from './state.js';

export const WINDOW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export type ArkDataKind = keyof typeof LAG_KIND;

const SETTING = {
  billDetail: 'billDetailLagMinutes',
  splitBill: 'splitBillLagMinutes',
  usage: 'usageLagMinutes',
} as const;

/**
 * When the 5-minute window starting at `start` shows in the bill detail, the split bill or the usage
 * actions: its end plus its lag. The split bill's lag is drawn once per Shanghai day (a day's split rows
 * come out together), the others once per window.
 */
export function visibleFromMs(sim: SimCore, kind: ArkDataKind, start: number): number {
  const setting = arkSettingsOf(sim)[SETTING[kind]];
  const key =
    kind === 'splitBill' ? Math.floor((start + SHANGHAI_OFFSET_MS) / DAY_MS) : Math.floor(start / WINDOW_MS);
  return start + WINDOW_MS + drawLagMinutes(setting, sim.rngSeed, LAG_KIND[kind], key) * 60_000;
}

/** The longest lag the setting allows (ms): past a window's end plus this, it is surely visible. */
export function maxLagMs(sim: SimCore, kind: ArkDataKind): number {
  return lagBounds(arkSettingsOf(sim)[SETTING[kind]])[1] * 60_000;
}

/** The shortest lag of any kind (ms): a call in a window older than this may change what a reader saw. */
export function minLagMs(sim: SimCore): number {
  const s = arkSettingsOf(sim);
  return (
    Math.min(
      lagBounds(s.billDetailLagMinutes)[0],
      lagBounds(s.splitBillLagMinutes)[0],
      lagBounds(s.usageLagMinutes)[0],
    ) * 60_000
  );
}
