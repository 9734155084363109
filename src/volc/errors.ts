import { UpstreamError } from '../errors.js';
import { scrubString } from '../log/redact.js';

/**
 * Errors of the Volcengine client. All are UpstreamError (code `upstream`, CLI exit 6), so transports
 * map them once; `retryable` says whether another attempt could succeed. Messages never carry a
 * secret: the client never puts one in, and scrubString cuts out any registered secret the server
 * might have echoed.
 */
export type VolcCallInfo = { action: string; service: string; version: string };

/**
 * Codes that mean "slow down" whatever the HTTP status they come with. Matched anywhere in the code, as
 * the official Terraform provider does for FlowLimitExceeded (`AccountFlowLimitExceeded`,
 * `FlowLimitExceeded.QPSOverLimit` and the like all count).
 */
const THROTTLING_CODE = /FlowLimitExceeded|Throttling|RequestLimitExceeded|TooManyRequests|RateLimitExceeded/;

export function isRetryableStatus(httpStatus: number): boolean {
  return httpStatus === 429 || httpStatus >= 500;
}

export function isThrottlingCode(code: string): boolean {
  return THROTTLING_CODE.test(code);
}

export abstract class VolcError extends UpstreamError {
  readonly action: string;
  readonly service: string;
  readonly version: string;
  /** attempts made before giving up (set by the client's retry loop) */
  attempts = 1;

  constructor(info: VolcCallInfo, message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(scrubString(message), retryable, options);
    this.action = info.action;
    this.service = info.service;
    this.version = info.version;
  }
}

/** Volcengine answered with ResponseMetadata.Error. */
export class VolcApiError extends VolcError {
  /** Volcengine's error Code, e.g. `UserNotExist` (AppError.code stays `upstream`). */
  readonly apiCode: string;
  readonly apiMessage: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number;

  constructor(
    info: VolcCallInfo,
    e: { code: string; message: string; requestId: string | undefined; httpStatus: number },
  ) {
    const apiMessage = scrubString(e.message);
    super(
      info,
      `${info.action}: ${e.code}: ${apiMessage} (RequestId ${e.requestId ?? '-'}, HTTP ${e.httpStatus})`,
      isRetryableStatus(e.httpStatus) || isThrottlingCode(e.code),
    );
    this.apiCode = e.code;
    this.apiMessage = apiMessage;
    this.requestId = e.requestId;
    this.httpStatus = e.httpStatus;
  }
}

/** The answer was not a Volcengine envelope, or its Result did not match the action's schema. */
export class VolcResponseError extends VolcError {
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  /** what was wrong, e.g. `Result.UserMetadata.3.UserName: required field missing` */
  readonly problem: string;

  constructor(
    info: VolcCallInfo,
    e: { httpStatus: number; requestId?: string | undefined; problem: string },
  ) {
    super(
      info,
      `${info.action}: malformed response (HTTP ${e.httpStatus}${e.requestId ? `, RequestId ${e.requestId}` : ''}): ${e.problem}`,
      isRetryableStatus(e.httpStatus),
    );
    this.httpStatus = e.httpStatus;
    this.requestId = e.requestId;
    this.problem = scrubString(e.problem);
  }
}

/** No answer: connection refused or dropped, DNS failure, or the per-attempt timeout. */
export class VolcNetworkError extends VolcError {
  readonly kind: 'timeout' | 'network';

  constructor(
    info: VolcCallInfo,
    kind: 'timeout' | 'network',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      info,
      kind === 'timeout'
        ? `${info.action}: no answer within ${detail}`
        : `${info.action}: network error: ${detail}`,
      true,
      options,
    );
    this.kind = kind;
  }
}
