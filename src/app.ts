import Koa from 'koa';
import Router from '@koa/router';
import { randomUUID } from 'node:crypto';
import type { Deps } from './deps.js';
import { mountFeishuRoutes } from './feishu/receive.js';
import { apiMiddleware } from './api/mount.js';
import { mountHealthRoutes } from './api/health/routes.js';
import type { SchedulerRole } from './services/ops/checkReadiness.js';

/** The Koa application without listen(); tests drive it over a real socket. */
export function buildApp(
  deps: Pick<Deps, 'log' | 'db' | 'clock'> & Partial<Pick<Deps, 'feishu'>>,
  opts: { scheduler?: SchedulerRole } = {},
): Koa {
  const app = new Koa();
  app.proxy = true;

  app.use(async (ctx, next) => {
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } catch (err) {
      deps.log.error({ err, requestId, path: ctx.path }, 'unhandled request error');
      ctx.status = 500;
      ctx.type = 'application/problem+json';
      ctx.body = { type: 'about:blank', title: 'Internal Server Error', status: 500, requestId };
    } finally {
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

  app.use(apiMiddleware(deps));
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', time: deps.clock.now().toISOString() };
  });
  mountHealthRoutes(router, deps, opts);
  if (deps.feishu?.mode === 'http') mountFeishuRoutes(router, deps.feishu.receiver);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
