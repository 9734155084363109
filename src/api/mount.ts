import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { createRepos } from '../db/repos/index.js';
import { NotFoundError } from '../errors.js';
import { authorize } from '../policies/authorize.js';
import { listAlertsRoute } from './alerts/routes.js';
import { listAuditRoute } from './audit/routes.js';
import { authenticate, authenticateWith, bearerKeyPrefix } from './auth.js';
import { readJsonBody } from './body.js';
import { withCachedReads } from './readCache.js';
import { buildOpenApi } from './openapi.js';
import { HttpProblem, RequestValidationError, sendProblem, type FieldProblem } from './problem.js';
import {
  createQuotaRequestRoute,
  getQuotaRequestRoute,
  withdrawQuotaRequestRoute,
} from './quotaRequests/routes.js';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMIT,
  DEFAULT_UNAUTHENTICATED_RATE_LIMIT,
  type RateLimitOptions,
} from './rateLimit.js';
import { UnauthorizedError } from '../errors.js';
import { compilePath, JsonText, type ApiDeps, type ApiRoute } from './route.js';
import type { KeyedRead } from '../db/repos/apiKeys.js';
import type { ApiKeyActor } from '../policies/actor.js';
import { getSubAccountRoute, listSubAccountsRoute } from './subaccounts/routes.js';
import { getStatementsRoute } from './statements/routes.js';
import { parsePart, singleValuedQuery } from './validate.js';

export const apiRoutes: readonly ApiRoute[] = [
  listSubAccountsRoute,
  getSubAccountRoute,
  createQuotaRequestRoute,
  getQuotaRequestRoute,
  withdrawQuotaRequestRoute,
  listAlertsRoute,
  getStatementsRoute,
  listAuditRoute,
];

export type ApiOptions = { rateLimit?: RateLimitOptions; unauthenticatedRateLimit?: RateLimitOptions };

const JSON_TYPE = 'application/json; charset=utf-8';
const NO_QUERY = z.strictObject({});
const NO_OBJECT = z.object({});

/**
 * Everything under /api: the OpenAPI document (no key) and /api/v1 (a key on every request, then the rate
 * limit, the policy check, validation, the use case). Every error leaves as application/problem+json.
 */
export function apiMiddleware(
  deps: Pick<Deps, 'log' | 'db' | 'clock' | 'notifier'> &
    Pick<ApiDeps, 'config'> &
    Partial<Pick<Deps, 'repos'>>,
  opts: ApiOptions = {},
): Middleware {
  const api: ApiDeps = {
    log: deps.log,
    db: deps.db,
    clock: deps.clock,
    repos: withCachedReads(deps.repos ?? createRepos()),
    notifier: deps.notifier,
    config: deps.config,
  };
  const limiter = createRateLimiter(deps.clock, opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const failures = createRateLimiter(
    deps.clock,
    opts.unauthenticatedRateLimit ?? DEFAULT_UNAUTHENTICATED_RATE_LIMIT,
  );
  const compiled = apiRoutes.map((route) => ({ route, ...compilePath(route.path) }));
  let document: string | undefined;

  return async (ctx, next) => {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
    setHeader(ctx, 'Cache-Control', 'no-store');
    try {
      if (ctx.path === '/api/openapi.json') {
        if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
        ctx.type = 'application/json';
        ctx.body = document ??= JSON.stringify(buildOpenApi(apiRoutes, { version: '1' }));
        return;
      }
      // An address whose requests keep failing authentication is refused before its key is looked up.
      const address = clientAddress(ctx);
      const blocked = failures.peek(address);
      if (!blocked.allowed) throw tooManyFailures(blocked.retryAfterSeconds);
      // A key over its rate is refused before its row is read. Its bucket is named by its visible prefix
      // (unique: one key each) and spent below only once the key is verified, so a request that merely
      // shows the prefix cannot drain it; it can only learn that the key's holder is over the rate.
      const prefix = bearerKeyPrefix(ctx);
      const over = prefix === null ? undefined : limiter.peek(prefix);
      if (over && !over.allowed) throw tooManyRequests(over.retryAfterSeconds);
      // The route is found before the key is checked, so that a route's first read can travel with the
      // check (RouteSpec.prefetch); a wrong path or method is still refused only after authentication.
      const method = ctx.method === 'HEAD' ? 'get' : ctx.method.toLowerCase();
      const path = ctx.path;
      const hit = compiled.find((c) => c.route.method === method && c.regex.test(path));
      const ahead = hit?.route.prefetch ? prefetchFor(api, hit, path) : undefined;
      const read = ahead?.read;
      let actor: ApiKeyActor;
      let prefetched: unknown;
      try {
        if (read) ({ actor, read: prefetched } = await authenticateWith(api, ctx, read));
        else actor = await authenticate(api, ctx);
      } catch (err) {
        if (err instanceof UnauthorizedError) failures.take(address);
        throw err;
      }
      // A verified key has a well-formed prefix.
      const rate = limiter.take(prefix!);
      if (!rate.allowed) throw tooManyRequests(rate.retryAfterSeconds);
      setHeader(ctx, 'RateLimit-Limit', String(limiter.limit));
      setHeader(ctx, 'RateLimit-Remaining', String(rate.remaining));

      if (!hit) {
        const onPath = compiled.filter((c) => c.regex.test(path));
        if (onPath.length === 0)
          throw new NotFoundError({ reason: 'no_such_endpoint', params: { method: ctx.method, path } });
        throw methodNotAllowed(onPath.map((c) => c.route.method.toUpperCase()));
      }
      const { route } = hit;
      authorize(actor, route.policy);

      const problems: FieldProblem[] = [];
      // Parameters already parsed for the read ahead are not parsed again.
      const params = ahead
        ? ahead.params
        : parsePart(
            route.params ?? NO_OBJECT,
            pathParams(hit.regex.exec(path)!, hit.names, problems),
            'path',
            problems,
          );
      // A route without a query or header schema takes none: an empty query string and no declared headers
      // parse to {} (what NO_QUERY and NO_OBJECT would answer), without a zod pass per request.
      const query =
        !route.query && ctx.querystring === ''
          ? {}
          : parsePart(route.query ?? NO_QUERY, singleValuedQuery(ctx.query, problems), 'query', problems);
      const headers = route.headers
        ? parsePart(route.headers, declaredHeaders(ctx, route.headers), 'header', problems)
        : {};
      const body = route.body
        ? parsePart(route.body, await readJsonBody(ctx, problems), 'body', problems)
        : undefined;
      if (problems.length > 0) throw new RequestValidationError(problems);

      const result = await route.handle(api, {
        params,
        query,
        headers,
        body,
        actor,
        requestId: usableRequestId(ctx),
        ...(prefetched === undefined ? {} : { prefetched }),
      });
      ctx.status = result.status ?? route.success.status;
      for (const [name, value] of Object.entries(result.headers ?? {})) ctx.set(name, value);
      // The header Koa would derive for a JSON body, set as is: Koa 3 derives it on every answer (a MIME
      // lookup and a charset guess, uncached), which showed in the REST read's profile.
      const json = typeof result.body === 'object' && result.body !== null && !Buffer.isBuffer(result.body);
      if (json && !ctx.res.hasHeader('Content-Type')) setHeader(ctx, 'Content-Type', JSON_TYPE);
      ctx.body = result.body instanceof JsonText ? result.body.text : result.body;
    } catch (err) {
      sendProblem(ctx, err, deps.log);
    }
  };
}

/**
 * The route's read to send with the key check (RouteSpec.prefetch) and the path parameters it was built
 * from; undefined when the parameters are invalid (they are reported after authentication, as for any
 * route).
 */
function prefetchFor(
  api: ApiDeps,
  hit: { route: ApiRoute; regex: RegExp; names: string[] },
  path: string,
): { params: unknown; read: KeyedRead<unknown> | undefined } | undefined {
  const problems: FieldProblem[] = [];
  const raw = pathParams(hit.regex.exec(path)!, hit.names, problems);
  const params: unknown = parsePart(hit.route.params ?? NO_OBJECT, raw, 'path', problems);
  if (problems.length > 0) return undefined;
  return { params, read: hit.route.prefetch!(params, api) as KeyedRead<unknown> | undefined };
}

/**
 * ctx.set for one header, without what Koa 3's set allocates on every call (an array of entries, each
 * checked for a list value): the REST read sets four headers per request.
 */
function setHeader(ctx: Context, name: string, value: string): void {
  if (!ctx.headerSent) ctx.res.setHeader(name, value);
}

function tooManyRequests(retryAfter: number): HttpProblem {
  return new HttpProblem(
    429,
    `此 API key 请求过于频繁，请 ${retryAfter} 秒后重试 / too many requests for this key; retry in ${retryAfter} s`,
    { 'Retry-After': String(retryAfter) },
    { retryAfter },
  );
}

function tooManyFailures(retryAfter: number): HttpProblem {
  return new HttpProblem(
    429,
    `来自此地址的未认证请求过多，请 ${retryAfter} 秒后重试 / too many requests without a valid API key from this address; retry in ${retryAfter} s`,
    { 'Retry-After': String(retryAfter) },
    { retryAfter },
  );
}

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (the one our proxy
 * appended; earlier entries are whatever the client claimed), else the socket's peer.
 */
function clientAddress(ctx: Context): string {
  return ctx.ips.at(-1) ?? ctx.socket.remoteAddress ?? 'unknown';
}

function methodNotAllowed(allowed: string[]): HttpProblem {
  const allow = [...new Set(allowed)].join(', ');
  return new HttpProblem(405, `此地址只接受 ${allow} / this path accepts ${allow}`, { Allow: allow });
}

function pathParams(
  match: RegExpExecArray,
  names: string[],
  problems: FieldProblem[],
): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    try {
      out[name] = decodeURIComponent(match[i + 1]!);
    } catch {
      problems.push({ in: 'path', field: name, message: 'URL 编码无效 / invalid URL encoding' });
    }
  });
  return out;
}

function declaredHeaders(
  ctx: Context,
  schema: z.ZodObject<z.ZodRawShape> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(schema?.shape ?? {})) {
    const value = ctx.get(name);
    if (value !== '') out[name] = value;
  }
  return out;
}

/** X-Request-Id is recorded with writes; one a client made too long or odd is replaced, not stored. */
function usableRequestId(ctx: Context): string {
  const id = String(ctx.state.requestId ?? '');
  return /^[\x21-\x7e]{1,128}$/.test(id) ? id : randomUUID();
}
