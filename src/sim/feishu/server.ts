import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { demoFeishuCredentials } from '../../config/demoCredentials.js';
import { adminRoutes } from './admin.js';
import { appScopeRoutes } from './appScopes.js';
import { ApprovalCenterState, approvalRoutes } from './approval.js';
import { ContactState, contactRoutes } from './contact.js';
import { bitableAdminRoutes, bitableRoutes } from './bitable.js';
import { botInfoRoutes } from './botInfo.js';
import { delayedUpdateRoutes } from './callbacks.js';
import { chatRoutes } from './chats.js';
import { SimClock } from './clock.js';
import { ephemeralRoutes } from './ephemeral.js';
import { EventPusher, FEISHU_ACK_TIMEOUT_MS, FEISHU_RETRY_SCHEDULE } from './events.js';
import { buildSim } from './facade.js';
import { Faults, seededRandom } from './faults.js';
import { newId } from './ids.js';
import { messageRoutes } from './messages.js';
import { RateLimiter, defaultRateLimits } from './rateLimit.js';
import { feishuErrorBoundary } from './responses.js';
import { throttleApp, type SimRuntime } from './runtime.js';
import { GROUP_ALL_SCOPE } from './scopes.js';
import { SimState } from './state.js';
import { TenantTokens, type SimApp } from './token.js';
import type { FeishuSim, FeishuSimOptions } from './types.js';
import { defaultWsClientConfig, WsHub } from './ws.js';
import { urgentAdminRoutes, urgentRoutes } from './urgent.js';

export type { FeishuSim, FeishuSimOptions, MessageFilter } from './types.js';
export type { ClickInput, ClickResult } from './callbacks.js';
export type { FaultSettings } from './faults.js';
export type { SayResult } from './say.js';
export type { Delivery, FeedItem, SimChat, SimMessage, SimUser } from './state.js';

/**
 * Starts the Feishu Open Platform simulator on 127.0.0.1 (random port by default): the Open API
 * under /open-apis, the long connection under /callback/ws, and its own /__sim/ endpoints.
 */
export async function startFeishuSim(opts: FeishuSimOptions = {}): Promise<FeishuSim> {
  const app: SimApp = opts.app ?? { ...demoFeishuCredentials };
  const clock = new SimClock();
  const state = new SimState({
    openId: opts.botOpenId ?? newId.openId(),
    unionId: newId.unionId(),
    name: opts.botName ?? 'AirGate',
    tenantKey: opts.tenantKey ?? newId.event().slice(0, 16),
  });
  if (opts.scopes) {
    state.scopes.clear();
    for (const scope of opts.scopes) state.scopes.add(scope);
  }
  if (opts.groupAllMessages) state.scopes.add(GROUP_ALL_SCOPE);
  const rt: SimRuntime = {
    app,
    state,
    clock,
    faults: new Faults(clock, seededRandom(opts.seed ?? 1)),
    tokens: new TenantTokens(app, clock),
    limiter: new RateLimiter(),
    limits: { ...defaultRateLimits, ...stripUndefined(opts.rateLimits ?? {}) },
    chatLimitStatus: opts.chatLimitStatus ?? 400,
    approval: new ApprovalCenterState(),
    contact: new ContactState(),
  };
  const pusher = new EventPusher(rt, {
    retrySchedule: opts.retrySchedule ?? FEISHU_RETRY_SCHEDULE,
    ackTimeoutMs: opts.ackTimeoutMs ?? FEISHU_ACK_TIMEOUT_MS,
    eventUrl: opts.eventUrl,
    headerClock: opts.headerClock ?? 'real',
    retryHeaders: opts.retryHeaders ?? 'original',
    connections: opts.pushConnections ?? 'keep-alive',
  });
  const hub = new WsHub(rt, { ...defaultWsClientConfig, ...stripUndefined(opts.ws ?? {}) });
  pusher.ws = hub;

  const koa = new Koa();
  const http = createServer();
  const sim = buildSim(rt, pusher, hub, http, opts);
  koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: '5mb' }));
  koa.use((ctx, next) => (ctx.path.startsWith('/__sim/') ? next() : rt.faults.middleware(ctx, next)));
  koa.use(feishuErrorBoundary);
  koa.use(adminRoutes(sim).routes());
  for (const router of [bitableAdminRoutes(rt), urgentAdminRoutes(rt)]) koa.use(router.routes());
  koa.use(hub.routes().routes());
  koa.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/open-apis/auth/v3/tenant_access_token/internal')
      return rt.tokens.route(ctx);
    if (!ctx.path.startsWith('/open-apis/')) return next();
    await rt.tokens.require(ctx, async () => {
      throttleApp(rt);
      await next();
    });
  });
  for (const router of [messageRoutes(rt), ephemeralRoutes(rt), chatRoutes(rt), delayedUpdateRoutes(rt)]) {
    koa.use(router.routes()).use(router.allowedMethods());
  }
  koa.use(botInfoRoutes(rt).routes());
  koa.use(appScopeRoutes(rt).routes());
  koa.use(approvalRoutes(rt, rt.approval).routes());
  koa.use(contactRoutes(rt, rt.contact).routes());
  for (const router of [urgentRoutes(rt), bitableRoutes(rt)]) koa.use(router.routes());
  // koa.callback() composes the middleware registered so far, so it is bound after setup.
  http.on('request', koa.callback());
  hub.attach(http);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  sim.url = `http://${host}:${address.port}`;
  hub.baseUrl = sim.url;
  return sim;
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
