import type { z } from 'zod';
import type { Config } from '../config/loadConfig.js';
import type { KeyedRead } from '../db/repos/apiKeys.js';
import type { Deps } from '../deps.js';
import type { ApiKeyActor } from '../policies/actor.js';
import type { PolicyAction } from '../policies/policies.js';

/** What the API's use cases need; `repos` is stateless, so a caller without it gets the default set. */
export type ApiDeps = Pick<Deps, 'log' | 'db' | 'clock' | 'repos' | 'notifier'> & {
  config: Pick<Config, 'locale'>;
};

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type ApiRequest<P extends AnyObject, Q extends AnyObject, H extends AnyObject, B extends z.ZodType> = {
  params: z.output<P>;
  query: z.output<Q>;
  headers: z.output<H>;
  body: z.output<B>;
  actor: ApiKeyActor;
  /** The request id to record with a write (X-Request-Id when it is usable, else a fresh one). */
  requestId: string;
};

/**
 * A success body already serialized (a hot read's kept answer): sent as is, as application/json. Its text
 * must be JSON.stringify of a body the route's schema accepts.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

export type ApiResult<R extends z.ZodType> = {
  status?: number;
  body: z.input<R> | JsonText;
  headers?: Record<string, string>;
};

/**
 * One REST operation: its schemas are both the validation at the edge and the OpenAPI document. Paths are
 * written OpenAPI-style ("/v1/subaccounts/{name}") relative to /api.
 */
export type RouteSpec<
  P extends AnyObject,
  Q extends AnyObject,
  H extends AnyObject,
  B extends z.ZodType,
  R extends z.ZodType,
  F = never,
> = {
  method: 'get' | 'post';
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Checked with the policy module before validation: a key without the scope gets 403. */
  policy: PolicyAction;
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  success: {
    status: number;
    description: string;
    schema: R;
    headers?: Record<string, { description: string; schema: object }>;
  };
  /** Problem statuses this operation documents besides 401, 403 and 429. */
  problems: number[];
  /**
   * A hot read's first statement, sent with the API key's check, at once (see KeyedRead). It is
   * built from the valid path parameters before the key is known; its result reaches `handle` as
   * `prefetched` only after the key, the rate limit, the policy and every part of the request pass.
   * undefined: nothing to read ahead for these parameters (`handle` then gets no `prefetched`).
   */
  prefetch?: (params: z.output<P>, deps: ApiDeps) => KeyedRead<F> | undefined;
  handle: (deps: ApiDeps, req: ApiRequest<P, Q, H, B> & { prefetched?: F }) => Promise<ApiResult<R>>;
};

// The route list is heterogeneous; dispatch only relies on the schemas being zod types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiRoute = RouteSpec<any, any, any, any, any, any>;

export function defineRoute<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  H extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
  F = never,
>(spec: RouteSpec<P, Q, H, B, R, F>): ApiRoute {
  return spec;
}

/** "/v1/subaccounts/{name}" → a matcher of "/api/v1/subaccounts/<one segment>" and the parameter names. */
export function compilePath(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^/api${source}$`), names };
}
