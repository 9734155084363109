import Koa from 'koa';
import Router from '@koa/router';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Deps } from './deps.js';
import { mountFeishuRoutes } from './feishu/receive.js';
import { mountApprovalCallback } from './feishu/approval/callback.js';
import { apiMiddleware } from './api/mount.js';
import { mountHealthRoutes } from './api/health/routes.js';
import type { SchedulerRole } from './services/ops/checkReadiness.js';

export type AppOptions = {
  /** false: /metrics is not served here (METRICS_PORT serves it on its own listener). */
  metrics?: boolean;
  /** METRICS_TOKEN: /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Where this deployment's scheduler runs (readiness expects its cycles either way). */
  scheduler?: SchedulerRole;
};

/** The Koa application without listen(); tests drive it over a real socket. */
export function buildApp(
  deps: Pick<Deps, 'log' | 'db' | 'clock' | 'notifier'> & {
    config: Pick<Deps['config'], 'locale'>;
  } & Partial<Pick<Deps, 'feishu'>>,
  opts: AppOptions = {},
): Koa {
  const app = new Koa();
  app.proxy = true;

  app.use(async (ctx, next) => {
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = requestId;
    // As ctx.set would, without what Koa's set allocates on every call (the API's setHeader, api/mount.ts).
    ctx.res.setHeader('X-Request-Id', requestId);
    // Only when the record below is kept: a number held across the request is an object to the collector.
    const started = deps.log.isLevelEnabled('debug') ? performance.now() : 0;
    try {
      await next();
    } catch (err) {
      deps.log.error({ err, requestId, path: ctx.path }, 'unhandled request error');
      ctx.status = 500;
      ctx.type = 'application/problem+json';
      ctx.body = { type: 'about:blank', title: 'Internal Server Error', status: 500, requestId };
    } finally {
      // Checked first: the record below costs an object and a clock read per request even when dropped.
      if (deps.log.isLevelEnabled('debug'))
        deps.log.debug(
          {
            requestId,
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms: performance.now() - started,
          },
          'request',
        );
    }
  });

  app.use(metricsGuard(opts));
  app.use(apiMiddleware(deps));
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', time: deps.clock.now().toISOString() };
  });
  mountHealthRoutes(router, deps, opts);
  if (deps.feishu?.mode === 'http') mountFeishuRoutes(router, deps.feishu.receiver);
  mountApprovalCallback(router, deps.feishu);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

/**
 * The listener METRICS_PORT opens: /metrics, /readyz and /healthz only, for the monitoring network, so
 * the public port need not expose them.
 */
export function buildMetricsApp(
  deps: Pick<Deps, 'db' | 'clock'>,
  opts: { metricsToken?: string; scheduler?: SchedulerRole } = {},
): Koa {
  const app = new Koa();
  app.use(metricsGuard({ metrics: true, metricsToken: opts.metricsToken }));
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', time: deps.clock.now().toISOString() };
  });
  mountHealthRoutes(router, deps, { scheduler: opts.scheduler });
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

/** /metrics: absent on this listener, or behind the token; nothing else is touched. */
function metricsGuard(opts: AppOptions): Koa.Middleware {
  const expected = opts.metricsToken === undefined ? undefined : digest(opts.metricsToken);
  // Other paths go on without an async frame of this guard waiting for them.
  return (ctx, next) => (ctx.path === '/metrics' ? guard(ctx, next) : next());

  async function guard(ctx: Koa.Context, next: Koa.Next): Promise<void> {
    if (opts.metrics === false) {
      ctx.status = 404;
      ctx.body = 'Not Found';
      return;
    }
    if (expected) {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(ctx.get('authorization'));
      if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        ctx.set('Cache-Control', 'no-store');
        ctx.body = 'metrics need Authorization: Bearer <METRICS_TOKEN>';
        return;
      }
    }
    return next();
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
