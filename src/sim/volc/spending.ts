import { hash32, hashString } from './rng.js';
import type { Activity, IamState } from './state.js';
import { floorHour, HOUR_MS, shanghaiDay } from './time.js';
import { parseMicro } from './money.js';
import { VolcSimError } from './errors.js';

/**
 * How late the split bill publishes an hour of (non-Ark) usage unless a seed or setting says otherwise:
 * "数据最晚存在2天延迟" — up to 2 days (volcengine-api.md §6.6). How the delay is spread over 0–48 h is
 * unverified: the default is the documented worst case, 48 h for every hour (a kinder lag is a test's choice).
 */
export const DEFAULT_BILL_LAG_MINUTES = 48 * 60;

export type BurnInput = {
  project: string;
  /** the sub-account whose usage this is; absent = the main account's own usage (always accrues) */
  user?: string | null | undefined;
  ratePerHour: string;
  /** relative noise 0..1: each hour is rate × (1 ± noise), deterministic per (rngSeed, burn, hour) */
  noise?: number | undefined;
  product?: string | undefined;
  /** start of accrual (ISO); defaults to now; may lie in the past to backfill history */
  since?: string | undefined;
};

type Segment = { from: number; rateMicro: number; noisePpm: number };

export type Burn = {
  idx: number;
  key: string;
  hash: number;
  project: string;
  user: string | null;
  product: string;
  instanceNo: string;
  segments: Segment[];
  /** next hour start not yet accumulated into the visible day bins */
  cursor: number;
};

export const burnKey = (project: string, user: string | null, product: string) =>
  `${project}|${user ?? ''}|${product}`;

function activeMs(a: Activity | undefined, from: number, to: number): number {
  if (!a) return 0;
  let state = a.initial;
  let t = from;
  let total = 0;
  for (const c of a.changes) {
    if (c.at <= from) {
      state = c.active;
      continue;
    }
    if (c.at >= to) break;
    if (state) total += c.at - t;
    t = c.at;
    state = c.active;
  }
  if (state) total += to - t;
  return total;
}

/**
 * The spending generator. Burns accrue per hour while their user has an active key; an hour is
 * published into per-(Shanghai day, burn) bins once it ended `lagMinutes` ago. Only the bins are
 * stored; hours are recomputed on demand (detail rows, true spend).
 */
export class Spending {
  burns: Burn[] = [];
  private byKey = new Map<string, Burn>();
  /** day → burn idx → visible micro-yuan */
  days = new Map<string, Map<number, bigint>>();
  /** `${project}|${day}` → revised day figure */
  revisions = new Map<string, bigint>();
  version = 0;
  lagMinutes: number;

  constructor(
    private readonly state: IamState,
    private readonly rngSeed: number,
    lagMinutes: number,
  ) {
    this.lagMinutes = lagMinutes;
    state.renameListeners.push((from, to) => {
      for (const b of this.burns) if (b.user === from) b.user = to;
    });
  }

  setBurn(input: BurnInput, nowMs: number): Burn {
    const rateMicro = parseMicro(input.ratePerHour);
    if (rateMicro === null || rateMicro > 1_000_000_000_000n) {
      throw new VolcSimError(
        400,
        'InvalidParameter',
        `ratePerHour '${input.ratePerHour}' is not a decimal amount`,
      );
    }
    const noise = input.noise ?? 0;
    if (!(noise >= 0 && noise <= 1)) throw new VolcSimError(400, 'InvalidParameter', 'noise must be 0..1');
    const user = input.user ?? null;
    const product = input.product ?? 'ark';
    const key = burnKey(input.project, user, product);
    const from = input.since === undefined ? nowMs : Date.parse(input.since);
    if (Number.isNaN(from))
      throw new VolcSimError(400, 'InvalidParameter', `since '${input.since}' is not a date`);
    const seg: Segment = { from, rateMicro: Number(rateMicro), noisePpm: Math.round(noise * 1e6) };
    let burn = this.byKey.get(key);
    if (!burn) {
      const hash = hashString(key);
      burn = {
        idx: this.burns.length,
        key,
        hash,
        project: input.project,
        user,
        product,
        instanceNo: `ep-${hash.toString(16).padStart(8, '0')}${hash32(hash, 1).toString(36)}`,
        segments: [seg],
        cursor: floorHour(from),
      };
      this.burns.push(burn);
      this.byKey.set(key, burn);
    } else {
      // A rate change takes effect from now (or `since`, never before hours already published).
      seg.from = Math.max(seg.from, burn.cursor);
      burn.segments = burn.segments.filter((s) => s.from < seg.from);
      burn.segments.push(seg);
    }
    this.version++;
    return burn;
  }

  /** Micro-yuan a burn spent in [hourStart, until) (until ≤ hourStart + 1 h). */
  hourAmount(b: Burn, hourStart: number, until = hourStart + HOUR_MS): bigint {
    const activity = b.user === null ? { initial: true, changes: [] } : this.state.activity.get(b.user);
    let total = 0n;
    for (let i = 0; i < b.segments.length; i++) {
      const s = b.segments[i]!;
      const segEnd = b.segments[i + 1]?.from ?? Infinity;
      const a = Math.max(hourStart, s.from);
      const z = Math.min(until, segEnd);
      if (z <= a || s.rateMicro === 0) continue;
      const ms = activeMs(activity, a, z);
      if (ms <= 0) continue;
      let factor = 1_000_000;
      if (s.noisePpm > 0) {
        const u = hash32(this.rngSeed, b.hash, hourStart / HOUR_MS) / 4294967296;
        factor += Math.round(s.noisePpm * (2 * u - 1));
      }
      if (ms === HOUR_MS && s.rateMicro < 4e9) total += BigInt(Math.floor((s.rateMicro * factor) / 1e6));
      else total += (BigInt(s.rateMicro) * BigInt(factor) * BigInt(ms)) / 3_600_000_000_000n;
    }
    return total;
  }

  /** First hour start that is not yet visible at `nowMs`. */
  visibleThrough(nowMs: number): number {
    return floorHour(nowMs - this.lagMinutes * 60_000);
  }

  /** Publishes every hour that became visible. */
  catchUp(nowMs: number): void {
    const limit = this.visibleThrough(nowMs);
    let changed = false;
    for (const b of this.burns) {
      for (let h = b.cursor; h < limit; h += HOUR_MS) {
        const amount = this.hourAmount(b, h);
        if (amount === 0n) continue;
        const day = shanghaiDay(h);
        let bin = this.days.get(day);
        if (!bin) this.days.set(day, (bin = new Map()));
        bin.set(b.idx, (bin.get(b.idx) ?? 0n) + amount);
        changed = true;
      }
      if (b.cursor < limit) b.cursor = limit;
    }
    if (changed) this.version++;
  }

  revise(project: string, day: string, amount: string): void {
    const micro = parseMicro(amount);
    if (micro === null)
      throw new VolcSimError(400, 'InvalidParameter', `amount '${amount}' is not a decimal`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new VolcSimError(400, 'InvalidParameter', 'date must be YYYY-MM-DD');
    this.revisions.set(`${project}|${day}`, micro);
    this.version++;
  }

  /** Spend per (project, user) that happened up to now, published or not (the truth tests compare to). */
  trueSpend(nowMs: number): Array<{ project: string; user: string | null; product: string; amount: bigint }> {
    this.catchUp(nowMs);
    const totals = new Map<number, bigint>();
    for (const bin of this.days.values()) for (const [i, v] of bin) totals.set(i, (totals.get(i) ?? 0n) + v);
    return this.burns.map((b) => {
      let amount = totals.get(b.idx) ?? 0n;
      for (let h = b.cursor; h < nowMs; h += HOUR_MS)
        amount += this.hourAmount(b, h, Math.min(h + HOUR_MS, nowMs));
      return { project: b.project, user: b.user, product: b.product, amount };
    });
  }
}
