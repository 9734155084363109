import type { Context } from 'koa';
import type { KeyedRead } from '../db/repos/apiKeys.js';
import { UnauthorizedError } from '../errors.js';
import type { ApiKeyActor } from '../policies/actor.js';
import { apiKeyPrefix } from '../services/apiKeys/keyFormat.js';
import { verifyApiKey, verifyApiKeyWith } from '../services/apiKeys/verifyApiKey.js';
import type { ApiDeps } from './route.js';

type AuthDeps = Pick<ApiDeps, 'db' | 'repos' | 'clock'>;

/**
 * The actor behind `Authorization: Bearer <key>`. The key is checked against the database on every request,
 * so a revoked key fails on the next one. Every refusal is a 401 whose text says nothing about the key.
 */
export async function authenticate(deps: AuthDeps, ctx: Context): Promise<ApiKeyActor> {
  return verifyApiKey(deps, bearer(ctx));
}

/** authenticate, with a route's first read in the same round trip (RouteSpec.prefetch). */
export function authenticateWith<T>(
  deps: AuthDeps,
  ctx: Context,
  read: KeyedRead<T>,
): Promise<{ actor: ApiKeyActor; read: T }> {
  // Not async: no frame of its own held for the key's round trip. A missing key still rejects.
  let presented: string;
  try {
    presented = bearer(ctx);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  return verifyApiKeyWith(deps, presented, read);
}

/**
 * The visible prefix of the presented key (it names one key: the prefix is unique), or null without a
 * well-formed one. Not a proof of anything: for what may be decided about a key before it is checked.
 */
export function bearerKeyPrefix(ctx: Context): string | null {
  const m = BEARER.exec(ctx.get('authorization'));
  return m ? apiKeyPrefix(m[1]!) : null;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function bearer(ctx: Context): string {
  const m = BEARER.exec(ctx.get('authorization'));
  if (!m) {
    throw new UnauthorizedError(
      '需要 API key：请发送 Authorization: Bearer <key> / an API key is required: send Authorization: Bearer <key>',
    );
  }
  return m[1]!;
}
