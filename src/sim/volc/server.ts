import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import Koa from 'koa';
import { demoVolcCredentials } from '../../config/demoCredentials.js';
import type { ActionDef } from './actions.js';
import { adminRoutes } from './adminRoutes.js';
import { billingActions } from './billing.js';
import { SimClock, type SimClockOptions } from './clock.js';
import { SimCore } from './core.js';
import type { VolcFaults } from './faults.js';
import { handleApi } from './gateway.js';
import { apiKeyActions } from './iamApiKeys.js';
import { keyActions } from './iamKeys.js';
import { policyActions } from './iamPolicies.js';
import { userActions } from './iamUsers.js';
import { projectActions } from './projects.js';
import { applySeed, type VolcSeed } from './seed.js';
import {
  ARK_DATA_PLANE_PREFIX,
  arkActions,
  arkHandle,
  handleDataPlane,
  type ArkSimHandle,
} from './ark/index.js';
import type { BurnInput } from './spending.js';
import type { z } from 'zod';
import { addRevisions, applySettings, exportState, setBurns, settingsSchema, spendReport } from './admin.js';
import { arkSettingsOf } from './ark/state.js';

export type { VolcFaults } from './faults.js';
export type { VolcSeed } from './seed.js';
export type { BurnInput } from './spending.js';

export type VolcSimOptions = {
  port?: number;
  host?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  seed?: VolcSeed;
  clock?: SimClockOptions;
  faults?: Partial<VolcFaults>;
  /** X-Date freshness window, checked against the real wall clock (default 15 min) */
  maxSkewMs?: number;
  /** seeds every random choice (keys, noise, faults) so a run replays identically */
  rngSeed?: number;
  /** called with errors the simulator did not expect (a bug), e.g. to log them */
  onUnexpected?: (err: unknown) => void;
  /**
   * Per-account call limits (requests per second, 0 = none): the bill APIs' documented 5 and the usage
   * actions' unverified 2 by default. Only a test that drives AirGate unpaced on a virtual clock turns them off.
   */
  limits?: { billingQps?: number; usageQps?: number };
};

export type VolcSim = {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  setFaults(f: Partial<VolcFaults>): void;
  advance(ms: number): void;
  now(): Date;
  callCount(action?: string): number;
  resetCalls(): void;
  /** replaces the whole account with a seed (as POST /__sim/state) */
  seed(seed: VolcSeed): void;
  /** adds or changes burn rates from now on (as POST /__sim/burns) */
  setBurns(burns: BurnInput[]): void;
  /** replaces a project's figure for one Shanghai day (as POST /__sim/revisions) */
  revise(r: { project: string; date: string; amount: string }): void;
  setBillLagMinutes(minutes: number): void;
  /** changes simulator settings (as POST /__sim/settings) */
  settings(s: z.input<typeof settingsSchema>): void;
  /** the true spend so far, published or not (as GET /__sim/spend) */
  spend(): ReturnType<typeof spendReport>;
  /** the account as seed-shaped JSON (as GET /__sim/state) */
  state(): ReturnType<typeof exportState>;
  /** Ark admin controls and in-process data-plane calls (as /__sim/ark/…) */
  ark: ArkSimHandle;
  close(): Promise<void>;
};

export const volcActions: readonly ActionDef[] = [
  ...userActions,
  ...keyActions,
  ...apiKeyActions,
  ...policyActions,
  ...projectActions,
  ...billingActions,
  ...arkActions,
];

const registry: ReadonlyMap<string, ActionDef> = new Map(
  volcActions.map((a) => [`${a.service}:${a.version}:${a.name}`, a]),
);

function readBody(req: Koa.Context['req']): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the Volcengine OpenAPI simulator (IAM 2018-01-01 / 2021-08-01, billing 2022-01-01). */
export async function startVolcSim(opts: VolcSimOptions = {}): Promise<VolcSim> {
  const credentials = opts.credentials ?? { ...demoVolcCredentials };
  const rngSeed = opts.rngSeed ?? opts.seed?.rngSeed ?? randomInt(2 ** 31);
  const sim = new SimCore(new SimClock(opts.clock ?? { mode: 'real' }), credentials, rngSeed);
  if (opts.seed) applySeed(sim, opts.seed, { rngSeed });
  if (opts.faults) sim.faults.set(opts.faults);
  if (opts.limits?.billingQps !== undefined) sim.billingQps = opts.limits.billingQps;
  if (opts.limits?.usageQps !== undefined) arkSettingsOf(sim).usageQps = opts.limits.usageQps;
  const gatewayOpts = { maxSkewMs: opts.maxSkewMs ?? 15 * 60_000, onUnexpected: opts.onUnexpected };

  const app = new Koa();
  const admin = adminRoutes(sim, { rngSeed });
  app.use(async (ctx) => {
    const rawBody = await readBody(ctx.req);
    if (ctx.path.startsWith('/__sim/')) return admin(ctx, rawBody);
    if (ctx.path.startsWith(ARK_DATA_PLANE_PREFIX)) {
      const a = handleDataPlane(sim, { method: ctx.method, path: ctx.path, headers: ctx.headers, rawBody });
      ctx.status = a.status;
      ctx.set('X-Request-Id', a.requestId);
      ctx.body = a.body;
      return;
    }
    const answer = await handleApi(
      sim,
      registry,
      { method: ctx.method, url: ctx.url, headers: ctx.headers, rawBody },
      gatewayOpts,
    );
    if (answer.kind === 'drop') {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    ctx.status = answer.status;
    ctx.type = 'application/json';
    ctx.body = answer.body;
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';

  return {
    url: `http://${host}:${port}`,
    credentials,
    setFaults: (f) => sim.faults.set(f),
    advance: (ms) => sim.clock.advance(ms),
    now: () => sim.clock.now(),
    callCount: (action) => sim.callCount(action),
    resetCalls: () => {
      sim.calls.clear();
      sim.throttle.refused.clear();
    },
    seed: (seed) => applySeed(sim, seed, { rngSeed }),
    setBurns: (burns) => void setBurns(sim, burns),
    revise: (r) => void addRevisions(sim, r),
    setBillLagMinutes: (minutes) => {
      sim.spending.catchUp(sim.clock.nowMs());
      sim.spending.lagMinutes = minutes;
    },
    settings: (s) => applySettings(sim, s),
    spend: () => spendReport(sim),
    state: () => exportState(sim),
    ark: arkHandle(sim),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
