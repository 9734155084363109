import { UpstreamError } from '../errors.js';

/**
 * What a failed Feishu call means for the caller:
 * - `rate_limit`: frequency control (RATE_LIMIT_CODES below, or HTTP 429) — retry later;
 * - `server`: HTTP 5xx or a network error / timeout — retry later;
 * - `token`: the tenant_access_token was rejected — refresh it and retry at once;
 * - `permanent`: the request itself is wrong (bot not in chat, bad receive id, card refused…) — never retry.
 */
export type FeishuFailureKind = 'rate_limit' | 'server' | 'token' | 'permanent';

export class FeishuApiError extends UpstreamError {
  constructor(
    readonly kind: FeishuFailureKind,
    /** Feishu's business code, when the response carried one. */
    readonly feishuCode: number | undefined,
    /** HTTP status, when a response arrived. */
    readonly httpStatus: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, kind !== 'permanent', options);
  }

  /** A short reason for logs and the outbox row, e.g. "230002 Bot/User can NOT be out of the chat." */
  get reason(): string {
    return this.message;
  }
}

/**
 * Feishu's frequency-control codes, all retried with backoff:
 * - 99991400: the app's API limit (the SDK's embedded API docs: "HTTP 400 及错误码 99991400 … 使用指数退避");
 * - 11232: the tenant's message-creation limit ("create message trigger rate limit"), seen on real Feishu;
 * - 11233: the same per chat, and 11247: internal send limit (message send error table; unverified);
 * - 230020: per chat, user or message (5 QPS), im/v1 error tables.
 */
const RATE_LIMIT_CODES = new Set([99991400, 11232, 11233, 11247, 230020]);
/** Those that hold back every send of the app, not just one chat's. */
export const APP_WIDE_RATE_LIMIT_CODES: ReadonlySet<number> = new Set([99991400, 11232, 11247]);
// 99991661 missing token, 99991663 invalid token, 99991664/99991665 expired or otherwise unusable token.
const TOKEN_CODES = new Set([99991661, 99991663, 99991664, 99991665]);

/** Turns a Feishu body with `code != 0` (HTTP 2xx or not) into the error it stands for. */
export function errorFromBody(body: { code?: unknown; msg?: unknown }, httpStatus: number | undefined) {
  const code = typeof body.code === 'number' ? body.code : Number(body.code);
  const msg = typeof body.msg === 'string' ? body.msg.slice(0, 300) : '';
  const feishuCode = Number.isFinite(code) ? code : undefined;
  const text = `${feishuCode ?? '?'} ${msg}`.trim();
  if (feishuCode !== undefined && RATE_LIMIT_CODES.has(feishuCode)) {
    return new FeishuApiError('rate_limit', feishuCode, httpStatus, text);
  }
  if (feishuCode !== undefined && TOKEN_CODES.has(feishuCode)) {
    return new FeishuApiError('token', feishuCode, httpStatus, text);
  }
  if (httpStatus === 429) return new FeishuApiError('rate_limit', feishuCode, httpStatus, text);
  if (httpStatus !== undefined && httpStatus >= 500) {
    return new FeishuApiError('server', feishuCode, httpStatus, `HTTP ${httpStatus} ${text}`);
  }
  return new FeishuApiError('permanent', feishuCode, httpStatus, text);
}

type AxiosLike = {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown };
};

/**
 * Classifies whatever the SDK threw. Non-2xx answers reject with an AxiosError (its body in
 * `response.data`); no answer at all (refused, reset, timeout) is a server-side failure; a token
 * endpoint that answers without a token makes the SDK throw a plain Error before the call is sent.
 */
export function classifyFeishuError(err: unknown): FeishuApiError {
  if (err instanceof FeishuApiError) return err;
  const e = (err ?? {}) as AxiosLike;
  // The AxiosError is not kept as the cause: its request config holds the bearer token (and, for the
  // token endpoint, the app secret).
  if (e.isAxiosError) {
    const status = e.response?.status;
    const data = e.response?.data;
    if (status === undefined) {
      return new FeishuApiError('server', undefined, undefined, `network: ${e.code ?? e.message ?? 'error'}`);
    }
    if (data && typeof data === 'object' && 'code' in data) {
      return errorFromBody(data as { code?: unknown; msg?: unknown }, status);
    }
    const kind = status === 429 ? 'rate_limit' : status >= 500 ? 'server' : 'permanent';
    return new FeishuApiError(kind, undefined, status, `HTTP ${status}`);
  }
  // Anything else — notably the SDK's "failed to get tenant_access_token" for wrong app credentials —
  // is retried with backoff rather than dropping the message; the reason is logged and kept on the row.
  const message = err instanceof Error ? err.message : String(err);
  return new FeishuApiError('server', undefined, undefined, message.slice(0, 300), { cause: err });
}
