import Router from '@koa/router';
import type { SimRuntime } from './runtime.js';

/**
 * GET /open-apis/application/v6/scopes (查询租户授权状态): the scopes the app asked for and whether the
 * tenant granted them (grant_status 1 granted, 2 not). Needs no scope of its own. The simulator lists
 * only what it grants; a scope the app never asked for is absent, as on Feishu. Unverified: the endpoint's
 * shape is taken from the open platform's API explorer, not from the reference documents; a scope asked for
 * but not granted (grant_status 2) is never produced here — remove it with the `scopes` setting instead,
 * which AirGate's doctor must (and does) treat as not granted.
 */
export function appScopeRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis/application/v6' });
  r.get('/scopes', (ctx) => {
    ctx.status = 200;
    ctx.body = {
      code: 0,
      msg: 'success',
      data: {
        scopes: [...rt.state.scopes]
          .sort()
          .map((scope_name) => ({ scope_name, grant_status: 1, scope_type: 'tenant' })),
      },
    };
  });
  return r;
}
