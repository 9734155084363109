import type { SimCore } from '../core.js';
import { paramErrors } from '../errors.js';
import type { BillUnit, GroupPeriod } from '../billUnits.js';
import { presentBillRow, type RowContext } from '../billPresent.js';
import { hash32, hashString } from '../rng.js';
import { DAY_MS, daysOfPeriod, shanghaiDateTime, shanghaiDayStart } from '../time.js';
import type { FineRow } from './billAgg.js';
import { nanoToMicro } from './money.js';
import type { ArkModel } from './prices.js';
import { arkOf, arkSettingsOf, type ArkState } from './state.js';
import { drawLagMinutes, REVISION_KIND } from './settings.js';
import { maxLagMs, visibleFromMs, WINDOW_MS } from './visibility.js';
import { runTrafficUntil } from './traffic.js';

/**
 * Ark rows of the bill (ark-api.md §6, CERTAIN unless said): product `ark_bd`; ConfigName ≈ model,
 * Element ≈ charge item (input / output); one detail row per 5-minute period (GroupPeriod 2; that a
 * row spans exactly five minutes is INFERRED), out `billDetailLagMinutes` after the period (5–10 min);
 * ListBillDetail shows Project "-" for them (the seed project's finding, volcengine-api.md §6.5);
 * the split bill attributes rows to the endpoint's project with SplitItemID = endpoint id, or with
 * SplitDimension {"ark_bd":"apikey_id"} to the key's SID (`-` for temporary keys: unverified), and lags
 * `splitBillLagMinutes`. InstanceNo = endpoint id is unverified (§6.1 open question).
 */
export const ARK_PRODUCT = 'ark_bd';

export type ArkBillUnit = BillUnit & {
  ark: {
    windowStart: number | null;
    element: 'input' | 'output';
    model: ArkModel;
    tokens: number;
    splitItemId: string;
    endpointName: string;
  };
};

export function isArkUnit(u: BillUnit): u is ArkBillUnit {
  return 'ark' in u;
}

/** Which split the caller asked for: by endpoint (default) or by API key. */
function splitByKey(splitDimension: string | undefined): boolean {
  if (!splitDimension) return false;
  let dims: unknown;
  try {
    dims = JSON.parse(splitDimension);
  } catch {
    throw paramErrors.billingInvalid(
      'SplitDimension',
      'expected a JSON object such as {"ark_bd":"apikey_id"}',
    );
  }
  if (!dims || typeof dims !== 'object' || Array.isArray(dims)) {
    throw paramErrors.billingInvalid('SplitDimension', 'expected a JSON object');
  }
  const d = (dims as Record<string, unknown>)[ARK_PRODUCT];
  if (d === undefined) return false;
  // "商品不支持多维度拆分时会报错" (FINOPS, CERTAIN); `apikey_id` is the one Ark dimension documented.
  if (d !== 'apikey_id')
    throw paramErrors.billingInvalid('SplitDimension', `${ARK_PRODUCT} cannot be split by ${String(d)}`);
  return true;
}

function arkUnits(
  ark: ArkState,
  period: string,
  group: GroupPeriod,
  split: boolean,
  byKey: boolean,
  fromDay: string,
): ArkBillUnit[] {
  const sim = ark.sim;
  const now = sim.clock.nowMs();
  const kind = split ? 'splitBill' : 'billDetail';
  const surelyBefore = now - maxLagMs(sim, kind) - WINDOW_MS;
  const days = new Set(daysOfPeriod(period).filter((d) => d >= fromDay));
  // the period's windows already out, by day, in the order they were opened (the rows' order)
  const byDay = new Map<string, number[]>();
  for (const start of ark.windows.keys()) {
    if (start > surelyBefore && visibleFromMs(sim, kind, start) > now) continue;
    const day = ark.billCache.dayOf(start);
    if (!days.has(day)) continue;
    const list = byDay.get(day);
    if (list) list.push(start);
    else byDay.set(day, [start]);
  }
  const revised = split ? revisionOf(sim, now) : () => null;
  const amountOf = (r: FineRow, day: string) => {
    const f = revised(day);
    return f === null ? r.micro : (r.micro * f) / 1_000_000n;
  };
  const unit = (r: FineRow, day: string, at: number | null): ArkBillUnit => ({
    day,
    hourStart: at,
    project: r.project,
    user: null,
    product: ARK_PRODUCT,
    instanceNo: r.e,
    amount: amountOf(r, day),
    ark: {
      windowStart: at,
      element: r.element,
      model: r.model,
      tokens: r.tokens,
      splitItemId: r.sid,
      endpointName: ark.endpoints.get(r.e)?.name ?? r.e,
    },
  });
  // a day all of whose windows are surely out (its sums can be kept)
  const complete = (day: string) => shanghaiDayStart(day) + DAY_MS <= surelyBefore + WINDOW_MS;
  const out: ArkBillUnit[] = [];
  if (group === 2) {
    for (const [day, starts] of byDay)
      for (const start of starts)
        for (const r of ark.billCache.windowRows(ark, start, byKey)) out.push(unit(r, day, start));
    return out;
  }
  if (group === 1) {
    for (const [day, starts] of byDay)
      for (const r of ark.billCache.dayRows(ark, day, starts, complete(day), byKey))
        out.push(unit(r, day, null));
    return out;
  }
  const month = new Map<string, ArkBillUnit>();
  for (const [day, starts] of byDay) {
    for (const r of ark.billCache.dayRows(ark, day, starts, complete(day), byKey)) {
      const k = `${r.e}|${r.sid}|${r.element}`;
      const u = month.get(k);
      if (u) {
        u.amount += amountOf(r, day);
        u.ark.tokens += r.tokens;
      } else month.set(k, unit(r, '', null));
    }
  }
  return [...month.values()];
}

/**
 * The split bill's revision factor (parts per million) of a Shanghai day at `now`, or null while the day is
 * not (yet) revised (setting `splitBillRevision`, unverified). Day rows are scaled; a detail row (GroupPeriod 2)
 * is scaled on its own, so its sum may differ from the day row by rounding (micro-yuan).
 */
function revisionOf(sim: SimCore, now: number): (day: string) => bigint | null {
  const r = arkSettingsOf(sim).splitBillRevision;
  if (!r || r.share <= 0) return () => null;
  const factor = BigInt(Math.round((100 + r.percent) * 10_000));
  return (day) => {
    const n = Math.floor(shanghaiDayStart(day) / DAY_MS);
    if (hash32(sim.rngSeed, REVISION_KIND.day, n) / 4294967296 >= r.share) return null;
    const out = shanghaiDayStart(day) + DAY_MS + maxLagMs(sim, 'splitBill');
    const after = drawLagMinutes(r.afterMinutes, sim.rngSeed, REVISION_KIND.lag, n) * 60_000;
    return now >= out + after ? factor : null;
  };
}

function compare(a: BillUnit, b: BillUnit): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  if (a.project !== b.project) return a.project < b.project ? -1 : 1;
  if (a.instanceNo !== b.instanceNo) return a.instanceNo < b.instanceNo ? -1 : 1;
  return (a.hourStart ?? 0) - (b.hourStart ?? 0);
}

const memo = new WeakMap<BillUnit[], { key: string; units: BillUnit[] }>();

/**
 * The billing generator's units plus the Ark rows visible now, for one query (the hook the bill
 * actions call). `splitItemId` narrows split-bill rows to one SplitItemID.
 */
export function withArkUnits(
  sim: SimCore,
  base: BillUnit[],
  q: {
    period: string;
    group: GroupPeriod;
    split: boolean;
    splitDimension?: string | undefined;
    splitItemId?: string | undefined;
    /** the split bill covers only days from split billing's switch-on (whole month rows included) */
    fromDay?: string | undefined;
  },
): BillUnit[] {
  runTrafficUntil(sim, sim.clock.nowMs());
  const ark = arkOf(sim);
  const byKey = q.split && splitByKey(q.splitDimension);
  const fromDay = q.fromDay ?? '';
  const key = [
    ark.serial,
    ark.visibleVersion,
    JSON.stringify(arkSettingsOf(sim)),
    sim.clock.nowMs(),
    sim.rngSeed,
    fromDay,
    q.period,
    q.group,
    q.split,
    byKey,
    q.splitItemId ?? '',
  ].join('|');
  const hit = memo.get(base);
  if (hit && hit.key === key) return hit.units;
  let units: BillUnit[] = arkUnits(ark, q.period, q.group, q.split, byKey, fromDay);
  units = units.length === 0 ? base : [...base, ...units].sort(compare);
  if (q.split && q.splitItemId) {
    const id = q.splitItemId;
    units = units.filter((u) => (isArkUnit(u) ? u.ark.splitItemId : u.instanceNo) === id);
  }
  memo.set(base, { key, units });
  return units;
}

/** A bill row for an Ark unit: the common row, with the Ark columns. */
export function presentArkBillRow(u: ArkBillUnit, rc: RowContext): Record<string, unknown> {
  const row = presentBillRow(u, rc);
  const m = u.ark.model;
  const price = u.ark.element === 'input' ? m.inputPrice : m.outputPrice;
  const id = hashString(
    `${u.instanceNo}|${u.ark.splitItemId}|${u.ark.element}|${u.day}|${u.ark.windowStart ?? ''}`,
  ).toString(16);
  Object.assign(row, {
    ProductZh: '字节跳动大模型服务（豆包大模型）',
    SolutionZh: '火山方舟',
    InstanceName: u.ark.endpointName,
    ConfigName: m.displayName,
    Element: u.ark.element === 'input' ? '输入tokens' : '输出tokens',
    ElementCode: u.ark.element === 'input' ? 'InferencePrompt' : 'InferenceCompletion',
    Factor: 'tokens',
    FactorCode: 'tokens',
    Count: (u.ark.tokens / 1000).toFixed(3),
    Unit: '千tokens',
    Price: price,
    MarketPrice: price,
    PriceUnit: '元/千tokens',
    UseDuration: '',
    UseDurationUnit: '',
    BillDetailId: `${rc.period.replace('-', '')}${id}`,
  });
  if (u.ark.windowStart !== null) {
    const begin = shanghaiDateTime(u.ark.windowStart);
    const end = shanghaiDateTime(u.ark.windowStart + WINDOW_MS);
    if (rc.split) row['ExpenseTime'] = `${begin} ~ ${end}`;
    else {
      row['ExpenseBeginTime'] = begin;
      row['ExpenseEndTime'] = end;
    }
  }
  if (rc.split) {
    row['SplitItemID'] = u.ark.splitItemId;
    row['SplitItemName'] = u.ark.splitItemId === u.instanceNo ? u.ark.endpointName : u.ark.splitItemId;
    row['SplitBillDetailId'] = `S${row['BillDetailId'] as string}`;
  }
  return row;
}

/** Ark amounts already in ListBillDetail (for the balance), micro-yuan. */
export function arkVisibleMicro(sim: SimCore): bigint {
  runTrafficUntil(sim, sim.clock.nowMs());
  const ark = arkOf(sim);
  const now = sim.clock.nowMs();
  let total = 0n;
  for (const [start, rows] of ark.windows) {
    if (visibleFromMs(sim, 'billDetail', start) > now) continue;
    for (const a of rows.values()) total += a.costNano;
  }
  return nanoToMicro(total);
}
