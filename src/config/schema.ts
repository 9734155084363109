import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const databaseUrl = z.string().refine((v) => /^(mysql|mariadb):\/\//.test(v) || v.startsWith('sqlite:'), {
  message: 'expected mysql://user:pass@host:port/db or sqlite:path (e.g. sqlite:./data/airgate.sqlite)',
});

const encryptionKey = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const raw = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
    if (raw.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'expected 32 bytes as 64 hex characters or base64' });
      return z.NEVER;
    }
    return raw;
  });

/** Every environment variable AirGate reads, with its default. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: 'expected a port number 0-65535' }).int().min(0).max(65535).default(3000),
  /**
   * The address `serve` listens on. Loopback by default: nothing is exposed unless asked for; a reverse
   * proxy (Feishu calls back over HTTPS only) reaches it there. The Docker image sets 0.0.0.0.
   */
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:_-]{1,255}$/, { message: 'expected an address such as 127.0.0.1, 0.0.0.0 or ::' })
    .default('127.0.0.1'),
  /** When set, /metrics (with /healthz and /readyz) is served on this port only, not on PORT. */
  METRICS_PORT: z.coerce
    .number({ message: 'expected a port number 1-65535' })
    .int()
    .min(1, { message: 'expected a port number 1-65535' })
    .max(65535, { message: 'expected a port number 1-65535' })
    .optional(),
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optionalSecret.refine((v) => v === undefined || v.length >= 16, {
    message: 'expected at least 16 characters',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/airgate.sqlite'),
  AIRGATE_MIGRATE_ON_START: bool.default(true),
  AIRGATE_ENCRYPTION_KEY: encryptionKey,
  AIRGATE_ADMINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  AIRGATE_LOCALE: z.enum(['zh', 'en']).default('zh'),
  AIRGATE_SPENDING_FRESH: z.enum(['on', 'off']).default('on'),
  VOLC_ACCESS_KEY_ID: optionalSecret,
  VOLC_SECRET_ACCESS_KEY: optionalSecret,
  VOLC_REGION: z.string().min(1).default('cn-beijing'),
  VOLC_ENDPOINT: z.url({ message: 'expected a base URL such as https://open.volcengineapi.com' }).optional(),
  VOLC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  FEISHU_APP_ID: optionalSecret,
  FEISHU_APP_SECRET: optionalSecret,
  FEISHU_ENCRYPT_KEY: optionalSecret,
  FEISHU_VERIFICATION_TOKEN: optionalSecret,
  FEISHU_BASE_URL: z
    .url({ message: 'expected a base URL such as https://open.feishu.cn' })
    .default('https://open.feishu.cn'),
  FEISHU_EVENT_MODE: z.enum(['http', 'ws']).default('http'),
});

export type Env = z.infer<typeof envSchema>;
