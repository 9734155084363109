import type { Context } from 'koa';
import type { KeyedRead } from '../db/repos/apiKeys.js';
import { UnauthorizedError } from '../errors.js';
import type { ApiKeyActor } from '../policies/actor.js';
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
export async function authenticateWith<T>(
  deps: AuthDeps,
  ctx: Context,
  read: KeyedRead<T>,
): Promise<{ actor: ApiKeyActor; read: T }> {
  return verifyApiKeyWith(deps, bearer(ctx), read);
}

function bearer(ctx: Context): string {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(ctx.get('authorization'));
  if (!m) {
    throw new UnauthorizedError(
      '需要 API key：请发送 Authorization: Bearer <key> / an API key is required: send Authorization: Bearer <key>',
    );
  }
  return m[1]!;
}
