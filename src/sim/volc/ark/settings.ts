import { z } from 'zod';
import { hash32 } from '../rng.js';

/** A lag in minutes: fixed, or [min, max] with each period's lag drawn within it by the seeded hash. */
const lagSchema = z.union([
  z.number().min(0),
  z
    .tuple([z.number().int().min(0), z.number().int().min(0)])
    .refine(([a, b]) => a <= b, { message: 'expected [min, max] with min ≤ max' }),
]);
export type LagSetting = z.infer<typeof lagSchema>;

/**
 * Simulator settings for what ark-api.md marks INFERRED or UNKNOWN. Each default is the harsher
 * plausible behaviour for AirGate (the one under which spending is harder to stop); every one is
 * **unverified** against a real account. The source key is the ark-api.md section.
 */
export const arkSettingsSchema = z
  .object({
    /**
     * UNVERIFIED (§3, §10.3): temporary keys minted by GetApiKey stop working when the minting user is
     * deleted or has no active access key left. Default false: they keep working until ExpiredTime.
     */
    tempKeysDieWithUser: z.boolean(),
    /**
     * UNVERIFIED (§2.7, §10.1): UpdateApiKey accepts {Id, Status: "Active" | "Disabled"} (the console's
     * 启用/禁用). Default false: the field is refused (InvalidParameter.Status) and only Regen works.
     */
    apiKeyStatusViaUpdateApiKey: z.boolean(),
    /**
     * UNVERIFIED (§7, §10.4): an explicit IAM Deny (global, or in the endpoint's project) covering
     * `ark:Inference` on the user who minted a temporary key refuses that key's inference (403
     * AccessDenied). Default false: IAM does not reach Bearer inference at all.
     */
    projectDenyBlocksInference: z.boolean(),
    /** UNVERIFIED (§4.4, §10.5): RateLimit Rpm/Tpm 0 means "no limit" (default) or "refuse every call". */
    rateLimitZeroMeans: z.enum(['unlimited', 'block']),
    /**
     * ark_bd rows appear in ListBillDetail this long after their 5-minute period ends (§6.1: "通常在当前计费周期
     * 结束后的5-10分钟左右", CERTAIN). Default [5, 10]: each 5-minute row draws its own lag, so a later row
     * may show before an earlier one (that order is unverified).
     */
    billDetailLagMinutes: lagSchema,
    /**
     * The split bill (ListSplitBillDetail) lags further: "数据最晚存在2天延迟" (volcengine docs 6269/177196), T+1
     * per ark-cli (§6.2). Default [1440, 2880]: one lag per Shanghai day, drawn within 24–48 h (the range
     * inside "up to 2 days" is unverified; 48 h is the documented worst).
     */
    splitBillLagMinutes: lagSchema,
    /**
     * UNVERIFIED how and when: the split bill's Ark rows are revised after they came out (month bills "can
     * change by late billing, refunds and adjustments" until final, volcengine-api.md §6.6). A share of the
     * Shanghai days (drawn from the seed) has its split rows scaled by (100 + percent) %, `afterMinutes`
     * after the day's rows were all out; the rows are replaced in place (same row, new amount), never
     * joined by a second row. Default: a quarter of the days, 10 % up, 1–24 h later (the harsher guess: a
     * day AirGate already counted costs more afterwards). null: never.
     */
    splitBillRevision: z
      .object({
        share: z.number().min(0).max(1),
        percent: z.number().min(-100).max(100),
        afterMinutes: lagSchema,
      })
      .nullable(),
    /** GetUsage / GetInferenceUsage show a call this late (§5.2: 5–30 min, CERTAIN per ark-cli); per 5-minute window. */
    usageLagMinutes: lagSchema,
    /**
     * UNVERIFIED (no limit documented): requests per second per account shared by GetUsage,
     * GetInferenceUsage, ListModelChargeItems and GetModelChargeItem; beyond it 429 FlowLimitExceeded.
     * Default 2, below the bill APIs' documented 5 (the harsher guess). 0 = no limit.
     */
    usageQps: z.number().int().min(0),
    /**
     * UNVERIFIED (§4.4, §10.5): the largest RateLimit Rpm/Tpm UpdateEndpoint accepts. The fields are int32
     * (GO, CERTAIN), so 2147483647 by default; a lower cap (the console's, unknown) refuses larger values
     * with InvalidParameter.RateLimit.*.
     */
    rateLimitMax: z.number().int().min(1).max(2_147_483_647),
  })
  .strict();

export type ArkSettings = z.infer<typeof arkSettingsSchema>;

export const defaultArkSettings = (): ArkSettings => ({
  tempKeysDieWithUser: false,
  apiKeyStatusViaUpdateApiKey: false,
  projectDenyBlocksInference: false,
  rateLimitZeroMeans: 'unlimited',
  billDetailLagMinutes: [5, 10],
  splitBillLagMinutes: [24 * 60, 48 * 60],
  usageLagMinutes: [5, 30],
  splitBillRevision: { share: 0.25, percent: 10, afterMinutes: [60, 1440] },
  usageQps: 2,
  rateLimitMax: 2_147_483_647,
});

export function lagBounds(l: LagSetting): [number, number] {
  return typeof l === 'number' ? [l, l] : l;
}

export const LAG_KIND = { billDetail: 1, splitBill: 2, usage: 3 } as const;
/** Seed streams of the split bill's revisions: which days, and how late. */
export const REVISION_KIND = { day: 11, lag: 12 } as const;

/**
 * The lag (minutes) of one period: fixed, or drawn within [min, max] from the simulator's seed, the kind
 * of data and the period's key (a window start, or a day number) — the same answer every time it is asked.
 */
export function drawLagMinutes(l: LagSetting, rngSeed: number, kind: number, key: number): number {
  if (typeof l === 'number') return l;
  const [lo, hi] = l;
  if (lo === hi) return lo;
  const u = hash32(rngSeed, kind, key) / 4294967296;
  return lo + Math.min(hi - lo, Math.floor(u * (hi - lo + 1)));
}
