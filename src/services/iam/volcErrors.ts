import { ConflictError, NotFoundError } from '../../errors.js';
import { VolcApiError } from '../../volc/errors.js';

/** Volcengine's error Code of a failed call, or undefined for anything else (network, timeout, ours). */
export function volcCode(err: unknown): string | undefined {
  return err instanceof VolcApiError ? err.apiCode : undefined;
}

export function isVolcCode(err: unknown, ...codes: string[]): boolean {
  const code = volcCode(err);
  return code !== undefined && codes.includes(code);
}

/**
 * Runs a Volcengine call and turns the answers a person can act on into AirGate errors (see explained).
 */
export async function explainVolc<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw explained(err);
  }
}

/**
 * An unknown user, policy or project becomes NotFoundError (exit 4, 404), an existing user
 * ConflictError; anything else is returned as it is (the client's UpstreamError, say).
 */
export function explained(err: unknown): unknown {
  const code = volcCode(err);
  const detail = err instanceof VolcApiError ? err.apiMessage : '';
  if (code === 'UserNotExist')
    return new NotFoundError(`火山引擎上没有该用户 / no such user on Volcengine: ${detail}`);
  if (code === 'PolicyNotExist')
    return new NotFoundError(`火山引擎上没有该策略 / no such policy on Volcengine: ${detail}`);
  if (code === 'ProjectNotExist')
    return new NotFoundError(`火山引擎上没有该项目 / no such project on Volcengine: ${detail}`);
  if (code === 'PolicyNotAttached')
    return new NotFoundError(`策略未授予该用户 / policy not attached: ${detail}`);
  if (code === 'UserAlreadyExists') {
    return new ConflictError(`火山引擎上已有该用户 / the user already exists on Volcengine: ${detail}`);
  }
  return err;
}
