import { z } from 'zod';
import { DEFAULT_THRESHOLDS, normalizeThresholds } from '../../domain/thresholds.js';

const openId = z.string().trim().min(1).max(64);

/**
 * Feishu lets a bot update a message card only within 14 days of sending it, so a request must expire (and
 * its card be marked expired) before then.
 */
export const MAX_REQUEST_EXPIRY_HOURS = 336;

/** Every setting, its validation and its default. Each key is one row in `settings`. */
export const settingFields = {
  checkIntervalMinutes: z.number().int().min(1).max(1440).default(10),
  thresholds: z
    .array(z.number())
    .transform((v, ctx) => {
      const normalized = normalizeThresholds(v);
      if (!normalized) {
        ctx.addIssue({
          code: 'custom',
          // A reason, not words: updateSettings passes it on and the edges say it in the reader's language.
          message: 'thresholds_invalid',
        });
        return z.NEVER;
      }
      return normalized;
    })
    .default([...DEFAULT_THRESHOLDS]),
  defaultProjectPolicies: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'policy name'),
    )
    .max(20)
    .default(['ArkFullAccess', 'TOSFullAccess']),
  alertChatId: z.string().trim().min(1).max(128).nullable().default(null),
  /** Who receives new quota request cards; empty means every member with the approver role. */
  approvers: z.array(openId).max(50).default([]),
  requestExpiryHours: z
    .number()
    .int()
    .min(1)
    .max(MAX_REQUEST_EXPIRY_HOURS, {
      error: () => `request_expiry_too_long ${JSON.stringify({ max: MAX_REQUEST_EXPIRY_HOURS })}`,
    })
    .default(72),
  /**
   * Open requests at most, per sub-account and per requester (a person or an API key): each posts an approval
   * card to the approvers, so a script must not be able to flood their chat.
   */
  maxPendingRequestsPerSubAccount: z.number().int().min(1).max(100).default(3),
  maxPendingRequestsPerRequester: z.number().int().min(1).max(1000).default(10),
  /**
   * Contract billing (合同结算): Volcengine finalises the previous month on its 6th working day at 10:00, not on
   * day 5 at 10:00, so the watch keeps re-reading it until then.
   */
  contractBilling: z.boolean().default(false),
  /** Early warning when the 24 h burn rate exhausts the quota within this many hours (0 = off). */
  earlyWarningHours: z.number().int().min(0).max(168).default(6),
  /** Ark ladder: throttle the monitored projects' custom endpoints from this percent (0 = off). */
  arkThrottlePercent: z.number().int().min(0).max(99).default(95),
  /** The RateLimit a throttled endpoint gets (requests and tokens per minute). */
  arkThrottleRpm: z.number().int().min(1).max(1_000_000).default(10),
  arkThrottleTpm: z.number().int().min(1).max(100_000_000).default(20_000),
  /** Ark ladder at 100 %: stop the projects' custom endpoints and deny what would undo it. */
  arkStopEndpoints: z.boolean().default(true),
  arkDenyPolicy: z.boolean().default(true),
  /** Opt-in: regenerate the projects' long-lived Ark API keys at 100 % (the new secret is never read). */
  arkRegenKeys: z.boolean().default(false),
  /**
   * Feishu's approval centre (三方审批): the definition's code, written by `airgate setup approval`; null = the
   * centre is not used.
   */
  approvalCenterCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .nullable()
    .default(null),
  /** Per sub-account (id → Feishu department_id): its department's leader approves its requests. */
  approverDepartments: z.record(z.string().min(1).max(36), z.string().trim().min(1).max(64)).default({}),
  /** Above this amount (CNY, decimal string) the leader's own leader approves too; null = never. */
  approvalEscalateAbove: z
    .string()
    .trim()
    .regex(/^\d{1,14}(\.\d{1,2})?$/)
    .nullable()
    .default(null),
  /**
   * Urgent (加急) alerts: a delivered disable or enforcement-failure card is buzzed to the sub-account's owner and
   * the admins. `urgent_app` is in Feishu only; `urgent_sms` and `urgent_phone` spend the tenant's buzz quota.
   */
  urgentAlerts: z.enum(['off', 'urgent_app', 'urgent_sms', 'urgent_phone']).default('off'),
  /** The Feishu Base (多维表格) that receives the month-end statement (its app_token); null = none. */
  statementBaseAppToken: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{6,64}$/, 'app_token')
    .nullable()
    .default(null),
  /** The table in that Base; null = AirGate creates (or finds) one named "AirGate 月结单". */
  statementTableId: z
    .string()
    .trim()
    .regex(/^tbl[A-Za-z0-9]{3,60}$/, 'table_id')
    .nullable()
    .default(null),
} as const;

export const settingsSchema = z.object(settingFields);
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(settingFields) as SettingKey[];

/** A partial update: unknown keys are refused, each value validated by its field. */
export const settingsPatchSchema = z
  .object(
    Object.fromEntries(SETTING_KEYS.map((k) => [k, settingFields[k].removeDefault().optional()])) as {
      [K in SettingKey]: z.ZodOptional<ReturnType<(typeof settingFields)[K]['removeDefault']>>;
    },
  )
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/**
 * Stored values from before a limit was tightened, brought within it rather than dropped for the default
 * (an expiry of 720 h set earlier becomes 336 h, not 72 h).
 */
export const storedValueFixups: Partial<Record<SettingKey, (stored: unknown) => unknown>> = {
  requestExpiryHours: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v > MAX_REQUEST_EXPIRY_HOURS
      ? MAX_REQUEST_EXPIRY_HOURS
      : v,
};

export const defaultSettings: Settings = settingsSchema.parse({});
