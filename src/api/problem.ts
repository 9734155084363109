import type { Context } from 'koa';
import type { Logger } from '../log/logger.js';
import { conflictFromUniqueViolation } from '../db/repos/errors.js';
import { errorTextBoth } from '../../cards/lib/errorText.js';
import { AppError, UsageError, type ErrorCode } from '../errors.js';
import { PolicyDeniedError } from '../policies/authorize.js';
import { PendingLimitError } from '../services/requests/errors.js';
import type { FieldLocation, FieldProblem, Problem } from './common.js';

export type { FieldLocation, FieldProblem };

/** A request that failed its schema: one 400 naming every offending field. */
export class RequestValidationError extends UsageError {
  constructor(readonly fields: FieldProblem[]) {
    super(
      `请求有 ${fields.length} 处不符合要求 / the request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ` +
        fields.map((f) => f.field || f.in).join(', '),
    );
  }
}

/** Transport-level refusals with no AppError code of their own (415, 405, 413, 429). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

const TYPE_BASE = 'urn:airgate:problem:';

/**
 * The STYLE.md table, once: every ErrorCode → HTTP status and title. A server that cannot reach its
 * database answers 503 (retry later); a stored secret it cannot open or a broken configuration is the
 * operator's to fix, a deliberate 500 that names the cause instead of the generic one.
 */
export const problemByCode = {
  usage: { status: 400, title: '请求无效 / Bad Request' },
  unauthorized: { status: 401, title: '未认证 / Unauthorized' },
  forbidden: { status: 403, title: '无权操作 / Forbidden' },
  not_found: { status: 404, title: '不存在 / Not Found' },
  conflict: { status: 409, title: '冲突 / Conflict' },
  quota_exhausted: { status: 409, title: '额度不足 / Quota Exhausted' },
  upstream: { status: 502, title: '火山引擎不可用 / Volcengine Unavailable' },
  database_unavailable: { status: 503, title: '数据库不可用 / Database Unavailable' },
  config: { status: 500, title: '服务配置有误 / Server Misconfigured' },
  decryption_failed: { status: 500, title: '无法解密已保存的密钥 / Stored Secret Unreadable' },
  internal: { status: 500, title: '内部错误 / Internal Server Error' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

const byStatus: Record<number, string> = {
  405: '方法不允许 / Method Not Allowed',
  413: '请求体过大 / Payload Too Large',
  415: '不支持的媒体类型 / Unsupported Media Type',
  429: '请求过于频繁 / Too Many Requests',
};

const INTERNAL = problemByCode.internal;

const OPERATOR_CODES: ReadonlySet<ErrorCode> = new Set([
  'config',
  'database_unavailable',
  'decryption_failed',
]);

/**
 * The problem+json answer for any error thrown below the API: by class and code, never by message text.
 * Unknown errors are logged once with their stack and answered with the request id only.
 */
export function problemFor(
  raw: unknown,
  requestId: string,
  log: Logger,
): { problem: Problem; headers: Record<string, string> } {
  const err = conflictFromUniqueViolation(raw) ?? raw;
  if (err instanceof HttpProblem) {
    const title: string = byStatus[err.status] ?? INTERNAL.title;
    return {
      problem: {
        type: `${TYPE_BASE}http-${err.status}`,
        title,
        status: err.status,
        detail: err.detail,
        ...err.extra,
      },
      headers: err.headers,
    };
  }
  if (err instanceof AppError) {
    const { title } = problemByCode[err.code];
    let status: number = problemByCode[err.code].status;
    const headers: Record<string, string> = {};
    const detail = errorTextBoth(err);
    // Not the caller's doing and not passing: logged once with the stack, for whoever runs AirGate.
    if (OPERATOR_CODES.has(err.code))
      log.error({ err, requestId }, 'the REST API cannot answer until an operator acts');
    const problem: Problem = { type: `${TYPE_BASE}${err.code}`, title, status, detail };
    if (err instanceof RequestValidationError) problem.errors = err.fields;
    else if (err instanceof UsageError && err.details.field) {
      problem.errors = [{ in: 'body', field: err.details.field, message: detail }];
    }
    if (err instanceof PolicyDeniedError) {
      problem.requiredScopes = [...err.needs.scopes];
      problem.detail = `此 API key 没有所需的权限范围（${err.needs.scopes.join(' 或 ')}）/ this API key lacks the scope this needs (${err.needs.scopes.join(' or ')})`;
    }
    if (err instanceof PendingLimitError && err.scope === 'requester') {
      status = 429;
      problem.status = status;
      problem.title = byStatus[429]!;
      problem.type = `${TYPE_BASE}too_many_pending_requests`;
    }
    if (err.code === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="airgate"';
    if (err.code === 'upstream' && 'retryable' in err && err.retryable === true) {
      status = 503;
      problem.status = status;
    }
    return { problem, headers };
  }
  log.error({ err, requestId }, 'unexpected error in the REST API');
  return {
    problem: {
      type: 'about:blank',
      ...INTERNAL,
      detail: `请凭请求 ID 联系管理员 / quote the request id to an administrator: ${requestId}`,
    },
    headers: {},
  };
}

export function sendProblem(ctx: Context, err: unknown, log: Logger): void {
  const requestId = String(ctx.state.requestId ?? '');
  const { problem, headers } = problemFor(err, requestId, log);
  ctx.status = problem.status;
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  ctx.type = 'application/problem+json';
  ctx.body = { ...problem, instance: ctx.path, requestId: requestId || undefined };
}
