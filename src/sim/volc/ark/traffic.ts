import { z } from 'zod';
import type { SimCore } from '../core.js';
import { VolcSimError } from '../errors.js';
import { hash32, hashString } from '../rng.js';
import { infer } from './dataPlane.js';
import { arkOf } from './state.js';

const HOUR_MS = 3_600_000;
/** share of bursty hours and how much hotter they run; the other hours run cooler, same mean */
const BURST_SHARE = 0.2;

export const trafficSchema = z
  .object({
    /** a long-lived Ark API key or a temporary key (the Bearer secret) */
    apiKey: z.string().min(1),
    /** a custom endpoint id (`ep-…`) or a Model ID (goes through the project's preset endpoint) */
    target: z.string().min(1),
    path: z.enum(['chat', 'embeddings', 'video']).default('chat'),
    mode: z.enum(['steady', 'bursty']).default('steady'),
    /** mean calls per minute (may be below 1) */
    callsPerMinute: z.number().positive().max(6000),
    /** bursty hours run this many times the mean (default 4) */
    burstFactor: z
      .number()
      .min(1)
      .max(1 / BURST_SHARE)
      .default(4),
    promptTokens: z.number().int().min(0).default(1000),
    completionTokens: z.number().int().min(0).default(300),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    label: z.string().optional(),
  })
  .strict();
export type TrafficInput = z.input<typeof trafficSchema>;

export type TrafficStats = {
  accepted: number;
  refused: Record<string, number>;
  costNano: bigint;
  lastCode: string | null;
};

/** A generator of data-plane calls for one key and one target, on the simulator's clock. */
export type TrafficGenerator = {
  id: number;
  label: string;
  apiKey: string;
  target: string;
  path: 'chat' | 'embeddings' | 'video';
  mode: 'steady' | 'bursty';
  callsPerMinute: number;
  burstFactor: number;
  promptTokens: number;
  completionTokens: number;
  sinceMs: number;
  untilMs: number;
  hash: number;
  /** the next call's instant (Infinity when done) */
  nextMs: number;
  stats: TrafficStats;
};

const PATHS = {
  chat: '/api/v3/chat/completions',
  embeddings: '/api/v3/embeddings',
  video: '/api/v3/contents/generations/tasks',
} as const;

/** Calls per minute of a generator in the hour starting at `hourStart` (deterministic per rng seed). */
function rateIn(sim: SimCore, g: TrafficGenerator, hourStart: number): number {
  if (g.mode === 'steady') return g.callsPerMinute;
  const u = hash32(sim.rngSeed, g.hash, hourStart / HOUR_MS) / 4294967296;
  const cool = Math.max(0, (1 - BURST_SHARE * g.burstFactor) / (1 - BURST_SHARE));
  return g.callsPerMinute * (u < BURST_SHARE ? g.burstFactor : cool);
}

/** The first call instant ≥ afterMs: evenly spaced inside each hour at that hour's rate. */
function nextCall(sim: SimCore, g: TrafficGenerator, afterMs: number): number {
  let from = Math.max(afterMs, g.sinceMs);
  for (let guard = 0; guard < 24 * 400; guard++) {
    if (from >= g.untilMs) return Infinity;
    if (g.mode === 'steady') {
      const interval = 60_000 / g.callsPerMinute;
      const k = Math.ceil((from - g.sinceMs) / interval - 1e-9);
      const t = Math.round(g.sinceMs + k * interval);
      return t < g.untilMs ? Math.max(t, from) : Infinity;
    }
    const hourStart = Math.floor(from / HOUR_MS) * HOUR_MS;
    const rate = rateIn(sim, g, hourStart);
    if (rate > 0) {
      const interval = 60_000 / rate;
      const k = Math.ceil((from - hourStart) / interval - 1e-9);
      const t = Math.round(hourStart + k * interval);
      if (t < hourStart + HOUR_MS) return t < g.untilMs ? Math.max(t, from) : Infinity;
    }
    from = hourStart + HOUR_MS;
  }
  return Infinity;
}

export function addTraffic(sim: SimCore, input: unknown): TrafficGenerator {
  const r = trafficSchema.safeParse(input);
  if (!r.success) {
    throw new VolcSimError(
      400,
      'InvalidParameter',
      r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const t = r.data;
  const ark = arkOf(sim);
  const nowMs = sim.clock.nowMs();
  // Calls already due run first, so a new generator cannot reorder the past.
  runTrafficUntil(sim, nowMs);
  const id = ark.generators.length + 1;
  const g: TrafficGenerator = {
    id,
    label: t.label ?? `gen-${id}`,
    apiKey: t.apiKey,
    target: t.target,
    path: t.path,
    mode: t.mode,
    callsPerMinute: t.callsPerMinute,
    burstFactor: t.burstFactor,
    promptTokens: t.promptTokens,
    completionTokens: t.completionTokens,
    sinceMs: Math.max(t.since ? Date.parse(t.since) : nowMs, nowMs),
    untilMs: t.until ? Date.parse(t.until) : Infinity,
    hash: hashString(`${id}|${t.target}|${t.label ?? ''}`),
    nextMs: 0,
    stats: { accepted: 0, refused: {}, costNano: 0n, lastCode: null },
  };
  g.nextMs = nextCall(sim, g, g.sinceMs);
  ark.generators.push(g);
  return g;
}

/** Stops generators (all when `ids` is empty) from now on. */
export function stopTraffic(sim: SimCore, ids: number[]): number {
  const nowMs = sim.clock.nowMs();
  runTrafficUntil(sim, nowMs);
  let n = 0;
  for (const g of arkOf(sim).generators) {
    if (ids.length > 0 && !ids.includes(g.id)) continue;
    if (g.untilMs > nowMs) {
      g.untilMs = nowMs;
      g.nextMs = Infinity;
      n++;
    }
  }
  return n;
}

/**
 * Makes every generated call due before `untilMs`, in time order, through the data plane's own
 * `infer` (the same authentication, refusals and charging as an HTTP call). Called before anything
 * can observe or change the account, so the clock's jumps never reorder calls and changes.
 */
export function runTrafficUntil(sim: SimCore, untilMs: number): void {
  const gens = arkOf(sim).generators.filter((g) => g.nextMs < untilMs);
  if (gens.length === 0) return;
  const heap = new MinHeap(gens);
  for (let g = heap.peek(); g && g.nextMs < untilMs; g = heap.peek()) {
    const at = g.nextMs;
    const a = infer(sim, {
      method: 'POST',
      path: PATHS[g.path],
      authorization: `Bearer ${g.apiKey}`,
      body: { model: g.target },
      atMs: at,
      tokens: { prompt: g.promptTokens, completion: g.completionTokens },
    });
    if (a.code === null) {
      g.stats.accepted++;
      g.stats.costNano += a.costNano;
    } else g.stats.refused[a.code] = (g.stats.refused[a.code] ?? 0) + 1;
    g.stats.lastCode = a.code;
    g.nextMs = nextCall(sim, g, at + 1);
    heap.fix();
  }
}

/** A small binary min-heap over generators by nextMs (the root is re-sifted after each call). */
class MinHeap {
  constructor(private readonly a: TrafficGenerator[]) {
    for (let i = (a.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  peek(): TrafficGenerator | undefined {
    return this.a[0];
  }

  fix(): void {
    this.down(0);
  }

  private down(i: number): void {
    const a = this.a;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]!.nextMs < a[m]!.nextMs) m = l;
      if (r < a.length && a[r]!.nextMs < a[m]!.nextMs) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}
