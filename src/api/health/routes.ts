import type Router from '@koa/router';
import type { Deps } from '../../deps.js';
import { createDbMetrics } from '../../metrics/dbMetrics.js';
import { processRegistry } from '../../metrics/registry.js';
import { checkReadiness, type SchedulerRole } from '../../services/ops/checkReadiness.js';

/**
 * GET /readyz (database reachable, and where a scheduler is expected a cycle finished lately: 200 or 503
 * with each check) and GET /metrics
 * (Prometheus text: this process's counters plus the shared figures read from the database). /healthz
 * (process up) stays in app.ts. None of them needs a key: expose them to the monitoring network only.
 */
export function mountHealthRoutes(
  router: Router,
  deps: Pick<Deps, 'db' | 'clock'>,
  opts: { scheduler?: SchedulerRole } = {},
): void {
  const dbMetrics = createDbMetrics(deps);

  router.get('/readyz', async (ctx) => {
    const r = await checkReadiness(deps, { scheduler: opts.scheduler });
    ctx.status = r.ready ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: r.ready ? 'ready' : 'not_ready',
      time: deps.clock.now().toISOString(),
      checks: r.checks,
    };
  });

  router.get('/metrics', async (ctx) => {
    await dbMetrics.refresh();
    const [own, shared] = await Promise.all([processRegistry.metrics(), dbMetrics.registry.metrics()]);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = processRegistry.contentType;
    ctx.body = `${own.trimEnd()}\n${shared}`;
  });
}
