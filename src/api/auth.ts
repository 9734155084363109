import type { Context } from 'koa';
import { UnauthorizedError } from '../errors.js';
import type { ApiKeyActor } from '../policies/actor.js';
import { verifyApiKey } from '../services/apiKeys/verifyApiKey.js';
import type { ApiDeps } from './route.js';

/**
 * The actor behind `Authorization: Bearer <key>`. The key is checked against the database on every request,
 * so a revoked key fails on the next one. Every refusal is a 401 whose text says nothing about the key.
 */
export async function authenticate(
  deps: Pick<ApiDeps, 'db' | 'repos' | 'clock'>,
  ctx: Context,
): Promise<ApiKeyActor> {
  const header = ctx.get('authorization');
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!m) {
    throw new UnauthorizedError(
      '需要 API key：请发送 Authorization: Bearer <key> / an API key is required: send Authorization: Bearer <key>',
    );
  }
  return verifyApiKey(deps, m[1]);
}
