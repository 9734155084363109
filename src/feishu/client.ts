import { lark, type Lark } from './sdk.js';
import type { Logger } from '../log/logger.js';

export type FeishuAppConfig = {
  appId: string;
  appSecret: string;
  encryptKey?: string | undefined;
  verificationToken?: string | undefined;
  /** https://open.feishu.cn, https://open.larksuite.com or a simulator's URL. */
  baseUrl: string;
};

export type FeishuClient = {
  sdk: Lark.Client;
  app: FeishuAppConfig;
  /** Drops the cached tenant_access_token; the SDK fetches a new one on the next call. */
  invalidateToken(): void;
};

type SdkCache = ConstructorParameters<typeof lark.Client>[0]['cache'];
type SdkHttp = NonNullable<ConstructorParameters<typeof lark.Client>[0]['httpInstance']>;

/**
 * The SDK's Client aimed at FEISHU_BASE_URL through its `domain` option. The SDK keeps its token cache
 * in a process-wide store and never drops a token Feishu rejected (99991663), so each client gets its
 * own cache that the sender can clear; and every HTTP call gets a timeout the SDK does not set.
 */
export function createFeishuClient(
  app: FeishuAppConfig,
  log: Logger,
  opts: { timeoutMs?: number } = {},
): FeishuClient {
  const cache = new TokenCache();
  const sdk = new lark.Client({
    appId: app.appId,
    appSecret: app.appSecret,
    domain: app.baseUrl.replace(/\/+$/, ''),
    cache: cache as SdkCache,
    httpInstance: withTimeout(lark.defaultHttpInstance as SdkHttp, opts.timeoutMs ?? 10_000),
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
  });
  return { sdk, app, invalidateToken: () => cache.clear() };
}

class TokenCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number | undefined }>();

  async set(key: string | symbol, value: unknown, expire?: number, options?: { namespace?: string }) {
    this.entries.set(cacheKey(key, options), { value, expiresAt: expire });
    return true;
  }

  async get(key: string | symbol, options?: { namespace?: string }) {
    const k = cacheKey(key, options);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(k);
      return undefined;
    }
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}

function cacheKey(key: string | symbol, options?: { namespace?: string }): string {
  return `${options?.namespace ?? ''}/${key.toString()}`;
}

function withTimeout(http: SdkHttp, timeoutMs: number): SdkHttp {
  const t = <O extends { timeout?: number }>(o?: O) => ({ timeout: timeoutMs, ...o });
  return {
    request: (o) => http.request(t(o)),
    get: (url, o) => http.get(url, t(o)),
    delete: (url, o) => http.delete(url, t(o)),
    head: (url, o) => http.head(url, t(o)),
    options: (url, o) => http.options(url, t(o)),
    post: (url, d, o) => http.post(url, d, t(o)),
    put: (url, d, o) => http.put(url, d, t(o)),
    patch: (url, d, o) => http.patch(url, d, t(o)),
  };
}

/**
 * The SDK logs every failed call itself, with the whole axios request (headers, body, socket). AirGate
 * classifies and logs those failures once where it handles them, so the SDK's lines go to debug, cut
 * down to what explains the failure, and through the redacting logger.
 */
export function sdkLogger(log: Logger) {
  const at =
    (level: 'debug' | 'trace') =>
    (...msg: unknown[]) => {
      if (!log.isLevelEnabled(level)) return;
      const parts = msg.map(brief);
      log[level]({ sdk: parts.length === 1 ? parts[0] : parts }, 'lark sdk');
    };
  return { error: at('debug'), warn: at('debug'), info: at('trace'), debug: at('trace'), trace: at('trace') };
}

function brief(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(brief);
  const e = v as {
    isAxiosError?: boolean;
    message?: string;
    code?: string;
    config?: { method?: string; url?: string };
    response?: { status?: number; data?: unknown };
  };
  if (!e?.isAxiosError) return v;
  return {
    message: e.message,
    code: e.code,
    request: `${e.config?.method?.toUpperCase() ?? ''} ${e.config?.url ?? ''}`.trim(),
    status: e.response?.status,
    data: e.response?.data,
  };
}
