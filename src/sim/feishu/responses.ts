import type { Context } from 'koa';
import { newId } from './ids.js';

/**
 * Feishu's error codes and messages as the Open Platform answers them (feishu-platform.md §3.7,
 * feishu-cards.md §3). Business errors come with HTTP 400; the gateway's app-level frequency
 * control with HTTP 429 and x-ogw-ratelimit-* headers (Open Platform "频控策略").
 */
export const feishuErrors = {
  fieldValidation: { code: 99992402, msg: 'field validation failed' },
  invalidParam: { code: 230001, msg: 'Your request contains an invalid request parameter.' },
  botNotInChat: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' },
  recalled: { code: 230011, msg: 'The message was withdrawn.' },
  noAvailability: { code: 230013, msg: 'Bot has NO availability to this user.' },
  chatRateLimit: { code: 230020, msg: 'This operation triggers the frequency limit.' },
  tooLong: { code: 230025, msg: 'The length of the message content reaches its limit.' },
  noPermission: { code: 230027, msg: 'Lack of necessary permissions.' },
  tooOld: { code: 230031, msg: 'Message can only be modified within 14 days after sending.' },
  badCard: { code: 230099, msg: 'Failed to create card content' },
  appRateLimit: { code: 99991400, msg: 'request trigger frequency limit' },
  // Seen on real Feishu when the tenant's message-creation limit is hit (HTTP status unverified: 400).
  tenantSendLimit: { code: 11232, msg: 'create message trigger rate limit' },
  missingToken: {
    code: 99991661,
    msg: 'Missing access token for authorization. Please make a request with token attached.',
  },
  invalidToken: {
    code: 99991663,
    msg: 'Invalid access token for authorization. Please make a request with token attached.',
  },
  invalidAppId: { code: 10003, msg: 'invalid param' },
  badSecret: { code: 10014, msg: 'app secret invalid' },
  internal: { code: 1, msg: 'internal error' },
} as const;

export type FeishuError = { code: number; msg: string };

export class FeishuApiError extends Error {
  constructor(
    readonly error: FeishuError,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.msg);
  }
}

export function fail(error: FeishuError, detail?: string, status = 400): never {
  throw new FeishuApiError(detail ? { code: error.code, msg: `${error.msg} ${detail}` } : error, status);
}

export function ok(ctx: Context, data: unknown, msg = 'success'): void {
  ctx.status = 200;
  ctx.body = { code: 0, msg, data };
}

/** Koa middleware: a FeishuApiError becomes Feishu's {code, msg, error:{log_id}} body. */
export async function feishuErrorBoundary(ctx: Context, next: () => Promise<unknown>): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (!(err instanceof FeishuApiError)) throw err;
    ctx.status = err.status;
    for (const [k, v] of Object.entries(err.headers)) ctx.set(k, v);
    const logId = newId.logId();
    ctx.set('X-Tt-Logid', logId);
    ctx.body = { code: err.error.code, msg: err.error.msg, error: { log_id: logId } };
  }
}

/** The parsed JSON body (@koa/bodyparser), or {} when there is none. */
export function bodyOf(ctx: Context): Record<string, unknown> {
  const body = (ctx.request as { body?: unknown }).body;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
