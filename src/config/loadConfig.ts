import { z } from 'zod';
import { envSchema, type Env } from './schema.js';
import { isDemoCredential } from './demoCredentials.js';
import { ConfigError } from '../errors.js';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'mysql'; url: string };

export type Config = {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  metrics: { port: number | undefined; token: string | undefined };
  logLevel: Env['LOG_LEVEL'];
  database: DatabaseConfig;
  migrateOnStart: boolean;
  encryptionKey: Buffer | undefined;
  admins: string[];
  locale: Env['AIRGATE_LOCALE'];
  /** Spending from Ark usage × price between bills (issue 14); off = the split bill only. */
  spendingFresh: boolean;
  volc: {
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    region: string;
    endpoint: string | undefined;
    timeoutMs: number;
  };
  feishu: {
    appId: string | undefined;
    appSecret: string | undefined;
    encryptKey: string | undefined;
    verificationToken: string | undefined;
    baseUrl: string;
    eventMode: Env['FEISHU_EVENT_MODE'];
  };
};

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) || ':memory:' };
  return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

/**
 * Reads the environment once. A bad or missing value stops start-up with one message that names every
 * offending variable and what it expects (never its value: it may be a secret).
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  problems.push(...crossChecks(source));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(formatProblems(problems));
  const e = parsed.data;

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    metrics: { port: e.METRICS_PORT, token: e.METRICS_TOKEN },
    logLevel: e.LOG_LEVEL,
    database: parseDatabaseUrl(e.DATABASE_URL),
    migrateOnStart: e.AIRGATE_MIGRATE_ON_START,
    encryptionKey: e.AIRGATE_ENCRYPTION_KEY,
    admins: e.AIRGATE_ADMINS,
    locale: e.AIRGATE_LOCALE,
    spendingFresh: e.AIRGATE_SPENDING_FRESH === 'on',
    volc: {
      accessKeyId: e.VOLC_ACCESS_KEY_ID,
      secretAccessKey: e.VOLC_SECRET_ACCESS_KEY,
      region: e.VOLC_REGION,
      endpoint: e.VOLC_ENDPOINT,
      timeoutMs: e.VOLC_TIMEOUT_MS,
    },
    feishu: {
      appId: e.FEISHU_APP_ID,
      appSecret: e.FEISHU_APP_SECRET,
      encryptKey: e.FEISHU_ENCRYPT_KEY,
      verificationToken: e.FEISHU_VERIFICATION_TOKEN,
      baseUrl: e.FEISHU_BASE_URL,
      eventMode: e.FEISHU_EVENT_MODE,
    },
  };
}

/** Checks between variables, on the raw values so they are reported with the schema's problems. */
function crossChecks(source: NodeJS.ProcessEnv): string[] {
  const value = (name: keyof Env) => {
    const v = source[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const problems: string[] = [];
  if (value('NODE_ENV') === 'production') {
    const required: Array<keyof Env> = [
      'AIRGATE_ENCRYPTION_KEY',
      'VOLC_ACCESS_KEY_ID',
      'VOLC_SECRET_ACCESS_KEY',
      'FEISHU_APP_ID',
      'FEISHU_APP_SECRET',
    ];
    for (const name of required) {
      const v = value(name);
      if (v === undefined) problems.push(`${name}: required in production`);
      else if (isDemoCredential(v))
        problems.push(`${name}: the public demo value is not allowed in production`);
    }
    // Without an Encrypt Key, Feishu neither encrypts nor signs: the verification token, which every
    // event carries in clear, is then all that tells Feishu from anyone who has seen one event.
    if (value('FEISHU_EVENT_MODE') !== 'ws' && !value('FEISHU_ENCRYPT_KEY')) {
      problems.push(
        'FEISHU_ENCRYPT_KEY: required in production with FEISHU_EVENT_MODE=http (set the Encrypt Key of the Feishu app, or use FEISHU_EVENT_MODE=ws)',
      );
    }
  }
  if (value('METRICS_PORT') !== undefined && value('METRICS_PORT') === (value('PORT') ?? '3000')) {
    problems.push('METRICS_PORT: must differ from PORT');
  }
  if ((value('VOLC_ACCESS_KEY_ID') === undefined) !== (value('VOLC_SECRET_ACCESS_KEY') === undefined)) {
    problems.push('VOLC_ACCESS_KEY_ID / VOLC_SECRET_ACCESS_KEY: set both or neither');
  }
  return problems;
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const expected =
      issue.code === 'invalid_value' ? `expected one of ${issue.values.join(', ')}` : issue.message;
    return `${name}: ${expected}`;
  });
}

function formatProblems(problems: string[]): string {
  return `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
    .map((p) => `  - ${p}`)
    .join('\n')}`;
}
