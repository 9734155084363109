import type Koa from 'koa';
import type { SimCore } from './core.js';
import { VolcSimError } from './errors.js';
import {
  addRevisions,
  advanceSchema,
  applySettings,
  callsReport,
  exportState,
  parseAdmin,
  setBurns,
  setFaults,
  spendReport,
} from './admin.js';
import { applySeed } from './seed.js';
import { arkAdminRoutes } from './ark/index.js';

type Handler = (body: unknown) => unknown;

/**
 * `/__sim/…`: everything the in-process handle can do, over HTTP, for a simulator running in another
 * process (`airgate volc-sim`, the sandbox, benchmarks). No Volcengine action uses this prefix.
 */
export function adminRoutes(sim: SimCore, defaults: { rngSeed: number }) {
  const routes: Record<string, Handler> = {
    'GET /__sim/state': () => exportState(sim),
    'POST /__sim/state': (b) => {
      applySeed(sim, b, defaults);
      return { ok: true, users: sim.state.users.size, burns: sim.spending.burns.length };
    },
    'POST /__sim/burns': (b) => ({ ok: true, burns: setBurns(sim, b) }),
    'POST /__sim/revisions': (b) => ({ ok: true, revisions: addRevisions(sim, b) }),
    'GET /__sim/clock': () => ({ mode: sim.clock.mode, now: sim.clock.now().toISOString() }),
    'POST /__sim/clock/advance': (b) => {
      sim.clock.advance(parseAdmin(advanceSchema, b ?? {}));
      return { mode: sim.clock.mode, now: sim.clock.now().toISOString() };
    },
    'GET /__sim/faults': () => sim.faults.get(),
    'POST /__sim/faults': (b) => setFaults(sim, b),
    'POST /__sim/settings': (b) => {
      applySettings(sim, b);
      return { ok: true, billLagMinutes: sim.spending.lagMinutes };
    },
    'GET /__sim/calls': () => callsReport(sim),
    'POST /__sim/calls/reset': () => {
      sim.calls.clear();
      sim.throttle.refused.clear();
      return callsReport(sim);
    },
    'GET /__sim/spend': () => spendReport(sim),
    ...arkAdminRoutes(sim),
  };

  return (ctx: Koa.Context, rawBody: Buffer): void => {
    ctx.type = 'application/json';
    const handler = routes[`${ctx.method} ${ctx.path.replace(/\/$/, '')}`];
    if (!handler) {
      ctx.status = 404;
      ctx.body = {
        error: 'NotFound',
        message: `no admin route ${ctx.method} ${ctx.path}`,
        routes: Object.keys(routes),
      };
      return;
    }
    try {
      let body: unknown = undefined;
      if (rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          throw new VolcSimError(400, 'InvalidParameter', 'the body is not valid JSON');
        }
      }
      ctx.status = 200;
      ctx.body = handler(body);
    } catch (err) {
      if (!(err instanceof VolcSimError)) throw err;
      ctx.status = err.status;
      ctx.body = { error: err.code, message: err.message };
    }
  };
}
