import { ConflictError, NotFoundError, type ErrorReason } from '../../errors.js';
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

/** What a 404 from these actions is about (the codes for a missing project or policy are undocumented). */
const MISSING_BY_ACTION: Record<string, ErrorReason> = {
  GetProject: 'volc_project_not_found',
  GetPolicy: 'volc_policy_not_found',
};

/**
 * An unknown user becomes NotFoundError (exit 4, 404), an existing user ConflictError: both codes are
 * documented. For a missing project or policy Volcengine's code is not documented, so AirGate keys on the
 * HTTP 404 that every documented IAM "not found" answer carries, and names the code it met. Anything
 * else is returned as it is (the client's UpstreamError, say).
 */
export function explained(err: unknown): unknown {
  const code = volcCode(err);
  const detail = err instanceof VolcApiError ? err.apiMessage : '';
  if (code === 'UserNotExist')
    return new NotFoundError({ reason: 'volc_user_not_found', params: { detail } });
  if (err instanceof VolcApiError && err.httpStatus === 404) {
    return new NotFoundError({
      reason: MISSING_BY_ACTION[err.action] ?? 'volc_object_not_found',
      params: { detail, action: err.action, apiCode: err.apiCode },
    });
  }
  if (code === 'UserAlreadyExists') {
    return new ConflictError({ reason: 'volc_user_exists', params: { detail } });
  }
  return err;
}
