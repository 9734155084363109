import { shanghaiDay } from '../time.js';
import { nanoToMicro } from './money.js';
import { costNano, type ArkModel } from './prices.js';
import type { ArkState } from './state.js';

/** One priced 5-minute bill row (rounded on its own, as the bill rounds each row). */
export type FineRow = {
  e: string;
  sid: string;
  model: ArkModel;
  project: string;
  element: 'input' | 'output';
  tokens: number;
  micro: bigint;
};

/**
 * Bill rows are asked for every cycle over the whole month, so pricing every window of the month again
 * each time made a month-long run quadratic. A window's priced rows, and a whole day's sums, are kept
 * until a call lands in that window again (`drop`, called by every accepted call): what a bill shows is
 * unchanged, only not recomputed.
 */
export class ArkBillCache {
  private readonly fine = new Map<string, FineRow[]>();
  private readonly days = new Map<string, FineRow[]>();
  private readonly dayOfWindow = new Map<number, string>();

  dayOf(start: number): string {
    let d = this.dayOfWindow.get(start);
    if (d === undefined) this.dayOfWindow.set(start, (d = shanghaiDay(start)));
    return d;
  }

  drop(start: number): void {
    this.fine.delete(`0|${start}`);
    this.fine.delete(`1|${start}`);
    // The day of the window, computed even for a window never priced: usage added to a fresh window of an
    // already summed day must clear that day's sums too.
    const d = this.dayOf(start);
    this.days.delete(`0|${d}`);
    this.days.delete(`1|${d}`);
  }

  /** The priced rows of one window, split by endpoint or (byKey) by API key SID. */
  windowRows(ark: ArkState, start: number, byKey: boolean): FineRow[] {
    const k = `${byKey ? 1 : 0}|${start}`;
    let rows = this.fine.get(k);
    if (!rows) this.fine.set(k, (rows = priceWindow(ark, start, byKey)));
    return rows;
  }

  /**
   * One day's rows summed per endpoint, split item and element, over the given (visible) windows. Kept
   * only when the whole day is `complete` (every window surely visible); a day still filling is summed afresh.
   */
  dayRows(
    ark: ArkState,
    day: string,
    starts: readonly number[],
    complete: boolean,
    byKey: boolean,
  ): FineRow[] {
    const k = `${byKey ? 1 : 0}|${day}`;
    if (complete) {
      const hit = this.days.get(k);
      if (hit) return hit;
    }
    const sums = new Map<string, FineRow>();
    for (const start of starts) {
      for (const r of this.windowRows(ark, start, byKey)) {
        const key = `${r.e}|${r.sid}|${r.element}`;
        const s = sums.get(key);
        if (s) {
          s.tokens += r.tokens;
          s.micro += r.micro;
        } else sums.set(key, { ...r });
      }
    }
    const rows = [...sums.values()];
    if (complete) this.days.set(k, rows);
    return rows;
  }
}

function priceWindow(ark: ArkState, start: number, byKey: boolean): FineRow[] {
  const fine = new Map<
    string,
    { e: string; sid: string; model: ArkModel; project: string; p: number; c: number }
  >();
  for (const a of ark.windows.get(start)?.values() ?? []) {
    const sid = byKey ? a.keySid : a.endpointId;
    const k = `${a.endpointId}|${sid}`;
    const f = fine.get(k) ?? { e: a.endpointId, sid, model: a.model, project: a.project, p: 0, c: 0 };
    f.p += a.promptTokens;
    f.c += a.completionTokens;
    fine.set(k, f);
  }
  const out: FineRow[] = [];
  for (const f of fine.values()) {
    for (const element of ['input', 'output'] as const) {
      const tokens = element === 'input' ? f.p : f.c;
      const price = element === 'input' ? f.model.inputPrice : f.model.outputPrice;
      if (tokens === 0 || price === '0') continue;
      const micro = nanoToMicro(
        element === 'input' ? costNano(f.model, tokens, 0) : costNano(f.model, 0, tokens),
      );
      out.push({ e: f.e, sid: f.sid, model: f.model, project: f.project, element, tokens, micro });
    }
  }
  return out;
}
