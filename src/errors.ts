/**
 * Every error AirGate raises on purpose carries a stable code; transports (REST, chat, CLI) map by
 * code, never by message text.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ConfigError extends AppError {
  readonly code = 'config';
}

export class UsageError extends AppError {
  readonly code = 'usage';
  constructor(
    message: string,
    readonly details: { field?: string; usage?: string } = {},
  ) {
    super(message);
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
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Exit codes for the CLI, one per error code (see STYLE.md). */
export const exitCodeFor: Record<string, number> = {
  usage: 2,
  config: 2,
  forbidden: 3,
  unauthorized: 3,
  not_found: 4,
  quota_exhausted: 5,
  conflict: 5,
  upstream: 6,
};
