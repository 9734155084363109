import { z } from 'zod';
import { parseAdmin } from '../admin.js';
import type { SimCore } from '../core.js';
import { VolcSimError } from '../errors.js';
import { createKey, presentEndpoint } from './controlPlane.js';
import { handleDataPlane, infer, type InferAnswer } from './dataPlane.js';
import { formatNano } from './money.js';
import { modelById, modelByReference } from './prices.js';
import { arkSettingsSchema, type ArkSettings } from './settings.js';
import { arkOf, arkSettingsOf, type SimEndpoint } from './state.js';
import { addTraffic, runTrafficUntil, stopTraffic, type TrafficGenerator } from './traffic.js';

/**
 * Ark admin controls (`/__sim/ark/…` and the in-process handle): settings, endpoints and API keys
 * created as the console would (owner: the main account unless `createdBy` names a user), traffic
 * generators, and the truth about Ark spending (every accepted call, billed yet or not).
 */
const endpointInput = z
  .object({
    project: z.string().min(1).default('default'),
    name: z.string().min(1).optional(),
    /** a Model ID, e.g. doubao-seed-1-6-250615 */
    model: z.string().min(1),
    rateLimit: z.object({ rpm: z.number().int().min(0), tpm: z.number().int().min(0) }).optional(),
    createdBy: z.string().min(1).optional(),
  })
  .strict();

const keyInput = z
  .object({
    project: z.string().min(1).default('default'),
    name: z.string().min(1).optional(),
    /** "all resources" of the project (default) or only these endpoint ids / Model IDs */
    resources: z.array(z.string().min(1)).optional(),
    createdBy: z.string().min(1).optional(),
  })
  .strict();

function creatorTag(sim: SimCore, userName: string | undefined): string | null {
  if (!userName) return null;
  const u = sim.state.user(userName);
  return `IAMUser/${u.id}/${u.userName}`;
}

export function adminCreateEndpoint(sim: SimCore, body: unknown) {
  const b = parseAdmin(endpointInput, body);
  sim.state.project(b.project);
  const model = modelById(b.model) ?? modelByReference(b.model, undefined);
  if (!model) throw new VolcSimError(400, 'InvalidParameter', `unknown model ${b.model}`);
  const ark = arkOf(sim);
  const now = sim.clock.nowMs();
  runTrafficUntil(sim, now);
  const e: SimEndpoint = {
    id: ark.newEndpointId(now, false),
    name: b.name ?? `${b.project}-${model.foundationModelName}`,
    description: '',
    project: b.project,
    model,
    preset: false,
    status: 'Running',
    rateLimit: b.rateLimit ?? null,
    createdBy: creatorTag(sim, b.createdBy),
    createTime: now,
    updateTime: now,
  };
  ark.endpoints.set(e.id, e);
  return presentEndpoint(e, arkSettingsOf(sim).rateLimitZeroMeans);
}

export function adminCreateKey(sim: SimCore, body: unknown) {
  const b = parseAdmin(keyInput, body);
  sim.state.project(b.project);
  const ark = arkOf(sim);
  const k = createKey(ark, {
    name: b.name ?? `key-${ark.nextKeyId}`,
    project: b.project,
    allowAll: b.resources === undefined,
    resources: b.resources ?? [],
    createdBy: creatorTag(sim, b.createdBy),
    nowMs: sim.clock.nowMs(),
  });
  return { id: k.id, sid: k.sid, apiKey: k.secret, project: k.project, allowAll: k.allowAll };
}

export function applyArkSettings(sim: SimCore, body: unknown): ArkSettings {
  const s = parseAdmin(arkSettingsSchema.partial(), body ?? {});
  runTrafficUntil(sim, sim.clock.nowMs());
  Object.assign(arkSettingsOf(sim), s);
  return { ...arkSettingsOf(sim) };
}

function presentGenerator(g: TrafficGenerator) {
  return {
    id: g.id,
    label: g.label,
    target: g.target,
    mode: g.mode,
    callsPerMinute: g.callsPerMinute,
    accepted: g.stats.accepted,
    refused: g.stats.refused,
    lastCode: g.stats.lastCode,
    amount: formatNano(g.stats.costNano),
    running: g.nextMs !== Infinity,
  };
}

/** The truth: every accepted call's cost (exact), per project, endpoint and key. */
export function arkSpendReport(sim: SimCore) {
  runTrafficUntil(sim, sim.clock.nowMs());
  const ark = arkOf(sim);
  const byEndpoint = new Map<string, bigint>();
  const byKey = new Map<string, bigint>();
  let calls = 0;
  let total = 0n;
  for (const rows of ark.windows.values()) {
    for (const a of rows.values()) {
      byEndpoint.set(a.endpointId, (byEndpoint.get(a.endpointId) ?? 0n) + a.costNano);
      byKey.set(a.keySid, (byKey.get(a.keySid) ?? 0n) + a.costNano);
      calls += a.requests;
      total += a.costNano;
    }
  }
  const fmt = (m: Map<string, bigint>) => Object.fromEntries([...m].map(([k, v]) => [k, formatNano(v)]));
  return {
    now: sim.clock.now().toISOString(),
    acceptedCalls: calls,
    total: formatNano(total),
    byProject: fmt(ark.projectCostNano),
    byEndpoint: fmt(byEndpoint),
    byKey: fmt(byKey),
    generators: ark.generators.map(presentGenerator),
  };
}

export function arkStateReport(sim: SimCore) {
  const ark = arkOf(sim);
  return {
    settings: { ...arkSettingsOf(sim) },
    endpoints: [...ark.endpoints.values()].map((e) => ({
      ...presentEndpoint(e, arkSettingsOf(sim).rateLimitZeroMeans),
      Preset: e.preset,
    })),
    apiKeys: [...ark.apiKeys.values()].map((k) => ({
      id: k.id,
      sid: k.sid,
      name: k.name,
      project: k.project,
      status: k.status,
      allowAll: k.allowAll,
      resources: k.resources,
    })),
    temporaryKeys: [...ark.tempKeys.values()].map((t) => ({
      userName: t.userName,
      resourceType: t.resourceType,
      resourceIds: t.resourceIds,
      project: t.project,
      createdAt: new Date(t.createdAtMs).toISOString(),
      expiresAt: new Date(t.expiresAtMs).toISOString(),
    })),
  };
}

const arkSeedSchema = z
  .object({
    /** `label` names an endpoint for the keys and traffic below */
    endpoints: z.array(z.object({ label: z.string().min(1) }).passthrough()).default([]),
    /** `resources` may name endpoint labels, endpoint ids or Model IDs */
    keys: z.array(z.object({ label: z.string().min(1) }).passthrough()).default([]),
    /** `apiKey` may be a key label, `target` an endpoint label */
    traffic: z.array(z.record(z.string(), z.unknown())).default([]),
  })
  .strict();

/**
 * Sets up Ark in one call (the sandbox and simulations): endpoints, long-lived keys and traffic,
 * cross-referenced by label. Answers label → ids and secrets.
 */
export function arkSeed(sim: SimCore, body: unknown) {
  const b = parseAdmin(arkSeedSchema, body ?? {});
  const endpoints: Record<string, string> = {};
  const keys: Record<string, { id: number; sid: string; apiKey: string }> = {};
  for (const { label, ...e } of b.endpoints) endpoints[label] = String(adminCreateEndpoint(sim, e)['Id']);
  for (const { label, ...k } of b.keys) {
    const resources = Array.isArray(k['resources'])
      ? (k['resources'] as unknown[]).map((r) => endpoints[String(r)] ?? String(r))
      : undefined;
    const made = adminCreateKey(sim, { ...k, ...(resources ? { resources } : {}), name: k['name'] ?? label });
    keys[label] = { id: made.id, sid: made.sid, apiKey: made.apiKey };
  }
  const generators = b.traffic.map((t) => {
    const apiKey = keys[String(t['apiKey'])]?.apiKey ?? t['apiKey'];
    const target = endpoints[String(t['target'])] ?? t['target'];
    return presentGenerator(addTraffic(sim, { ...t, apiKey, target }));
  });
  return { ok: true, endpoints, keys, generators };
}

const trafficBody = z.union([z.array(z.unknown()), z.object({ generators: z.array(z.unknown()) })]);

/** Routes merged into the simulator's `/__sim/` admin table. */
export function arkAdminRoutes(sim: SimCore): Record<string, (body: unknown) => unknown> {
  return {
    'GET /__sim/ark/state': () => arkStateReport(sim),
    'GET /__sim/ark/settings': () => ({ ...arkSettingsOf(sim) }),
    'POST /__sim/ark/settings': (b) => applyArkSettings(sim, b),
    'POST /__sim/ark/seed': (b) => arkSeed(sim, b),
    'POST /__sim/ark/endpoints': (b) => adminCreateEndpoint(sim, b),
    'POST /__sim/ark/keys': (b) => adminCreateKey(sim, b),
    'POST /__sim/ark/traffic': (b) => {
      const list = parseAdmin(trafficBody, b);
      const gens = (Array.isArray(list) ? list : list.generators).map((g) => addTraffic(sim, g));
      return { ok: true, generators: gens.map(presentGenerator) };
    },
    'POST /__sim/ark/traffic/stop': (b) => {
      const ids = parseAdmin(z.object({ ids: z.array(z.number().int()).default([]) }), b ?? {}).ids;
      return { ok: true, stopped: stopTraffic(sim, ids) };
    },
    'GET /__sim/ark/spend': () => arkSpendReport(sim),
  };
}

/** The in-process handle (VolcSim.ark): the same operations without HTTP. */
export function arkHandle(sim: SimCore) {
  return {
    settings: (s: Partial<ArkSettings>) => applyArkSettings(sim, s),
    seed: (b: z.input<typeof arkSeedSchema>) => arkSeed(sim, b),
    createEndpoint: (b: z.input<typeof endpointInput>) => adminCreateEndpoint(sim, b),
    createKey: (b: z.input<typeof keyInput>) => adminCreateKey(sim, b),
    addTraffic: (t: Parameters<typeof addTraffic>[1]) => presentGenerator(addTraffic(sim, t)),
    stopTraffic: (ids: number[] = []) => stopTraffic(sim, ids),
    spend: () => arkSpendReport(sim),
    state: () => arkStateReport(sim),
    /** one data-plane call now, in process (the same code path as HTTP) */
    call: (path: string, apiKey: string, body: unknown): InferAnswer => {
      runTrafficUntil(sim, sim.clock.nowMs());
      return infer(sim, {
        method: 'POST',
        path,
        authorization: `Bearer ${apiKey}`,
        body,
        atMs: sim.clock.nowMs(),
      });
    },
  };
}
export type ArkSimHandle = ReturnType<typeof arkHandle>;

export { handleDataPlane };
