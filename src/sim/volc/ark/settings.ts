import { z } from 'zod';

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
    /** ark_bd rows appear in ListBillDetail this long after their 5-minute period ends (§6.1: 5–10 min, CERTAIN). */
    billDetailLagMinutes: z.number().min(0),
    /** the split bill (ListSplitBillDetail) lags further: T+1 per ark-cli, "up to 2 days" per the doc (§6.2) */
    splitBillLagMinutes: z.number().min(0),
    /** GetUsage / GetInferenceUsage show a call this late (§5.2: 5–30 min; the harsher end by default) */
    usageLagMinutes: z.number().min(0),
  })
  .strict();

export type ArkSettings = z.infer<typeof arkSettingsSchema>;

export const defaultArkSettings = (): ArkSettings => ({
  tempKeysDieWithUser: false,
  apiKeyStatusViaUpdateApiKey: false,
  projectDenyBlocksInference: false,
  rateLimitZeroMeans: 'unlimited',
  billDetailLagMinutes: 10,
  splitBillLagMinutes: 24 * 60,
  usageLagMinutes: 30,
});
