import type { ErrorReason } from './errorReasons.js';

export { ERROR_REASONS, type ErrorReason } from './errorReasons.js';

/**
 * Every code an error can carry, closed: each transport maps all of them (`satisfies Record<ErrorCode, …>`),
 * so a new code fails the typecheck until REST, CLI and chat each decide what it means. `internal` is the
 * code of anything that is not an AppError (a bug): it is never thrown on purpose.
 */
export const ERROR_CODES = [
  'usage',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'quota_exhausted',
  'upstream',
  'config',
  'database_unavailable',
  'decryption_failed',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Parameters of a reason; a list is joined with the reader's "or". */
export type ErrorParams = Record<string, string | number | readonly string[]>;

/** What a service throws instead of a sentence: the edges turn `reason` + `params` into words (zh/en). */
export type Reasoned = { reason: ErrorReason; params?: ErrorParams };

/**
 * Every error AirGate raises on purpose carries a stable code; transports (REST, chat, CLI) map by
 * code, never by message text. Services pass a reason and parameters; a plain string is still accepted
 * (edge code that already speaks the user's language, and folders not yet converted) and shown as is.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Why, for the edges to put into words; undefined when the error was raised with a sentence. */
  readonly refusal: Reasoned | undefined;
  constructor(what: string | Reasoned, options?: { cause?: unknown }) {
    super(typeof what === 'string' ? what : reasonText(what), options);
    this.name = new.target.name;
    this.refusal = typeof what === 'string' ? undefined : what;
  }
}

/** The log form of a reasoned error (no words: those belong to the edges and their language). */
function reasonText(r: Reasoned): string {
  const p = r.params && Object.keys(r.params).length > 0 ? ` ${JSON.stringify(r.params)}` : '';
  return `${r.reason}${p}`;
}

export class ConfigError extends AppError {
  readonly code = 'config';
}

export class UsageError extends AppError {
  readonly code = 'usage';
  constructor(
    what: string | Reasoned,
    readonly details: { field?: string; usage?: string } = {},
  ) {
    super(what);
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
}

export class ConflictError extends AppError {
  readonly code = 'conflict';
}

export class QuotaExhaustedError extends AppError {
  readonly code = 'quota_exhausted';
}

export class UpstreamError extends AppError {
  readonly code = 'upstream';
  constructor(
    what: string | Reasoned,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(what, options);
  }
}

/** The code of anything thrown: an AppError's own, `internal` for everything else. */
export function codeOf(err: unknown): ErrorCode {
  return err instanceof AppError ? err.code : 'internal';
}

/**
 * Exit codes for the CLI, one per error code (STYLE.md): 2 the call was wrong, 3 not allowed, 4 not found,
 * 5 refused by the state, 6 something outside is down (retrying later may work), 1 a bug.
 */
export const exitCodeFor = {
  usage: 2,
  config: 2,
  unauthorized: 3,
  forbidden: 3,
  not_found: 4,
  conflict: 5,
  quota_exhausted: 5,
  upstream: 6,
  database_unavailable: 6,
  decryption_failed: 1,
  internal: 1,
} as const satisfies Record<ErrorCode, number>;
