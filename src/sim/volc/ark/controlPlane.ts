import type { ActionContext, ActionDef } from '../actions.js';
import { VolcSimError } from '../errors.js';
import { authorizeArk } from './iam.js';
import { ARK_MODELS, modelByReference, presentModelCharge } from './prices.js';
import {
  arkOf,
  arkSettingsOf,
  maskKey,
  type ArkState,
  type SimArkApiKey,
  type SimEndpoint,
} from './state.js';
import type { ArkSettings } from './settings.js';
import { getInferenceUsage, getUsage } from './usage.js';
import { presetEndpointFor } from './dataPlane.js';

/**
 * The Ark control plane (service `ark`, 2024-01-01, POST JSON; ark-api.md §1–§5). Each action checks
 * IAM itself, in the project it acts on (§7): the gateway's account-wide check does not fit Ark,
 * whose policies may be attached in a project's scope.
 */
export const ARK_V = '2024-01-01';
export const ARK_MAX_TEMP_KEY_SECONDS = 2_592_000;
/** 50 API keys per main account (§2.1, CERTAIN) */
export const ARK_MAX_API_KEYS = 50;
/** RateLimit fields are int32 (GO `RateLimit{Rpm int32, Tpm int32}`, CERTAIN) */
const ARK_RATE_LIMIT_MAX = 2_147_483_647;

/** `InvalidParameter.<Name>` 400 (§1, CERTAIN for GetApiKey; used for every action here). */
export const invalid = (name: string, why: string) =>
  new VolcSimError(400, `InvalidParameter.${name}`, `The parameter ${name} is invalid: ${why}.`);
const missing = (name: string) =>
  new VolcSimError(400, 'MissingParameter', `The request is missing ${name} parameter.`, 100002);
/** UNVERIFIED code: no source shows what a missing endpoint answers. */
const endpointNotFound = (id: string) =>
  new VolcSimError(404, 'NotFound.Endpoint', `The endpoint ${id} does not exist.`);
/** CERTAIN code (§4.3, ark-cli) for an endpoint in the wrong state; its use for Stop/Start is unverified. */
const badStatus = (id: string, status: string) =>
  new VolcSimError(400, 'OperationDenied.EndpointStatus', `The endpoint ${id} is ${status}.`);

function str(ctx: ActionContext, name: string): string | undefined {
  const v = ctx.params.raw(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(name, 'expected a string');
  return v;
}

function requiredStr(ctx: ActionContext, name: string): string {
  const v = str(ctx, name);
  if (v === undefined || v === '') throw missing(name);
  return v;
}

function intOf(v: unknown, name: string, min: number, max: number): number {
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid(name, `expected an integer between ${min} and ${max}`);
  }
  return n;
}

function objOf(ctx: ActionContext, name: string): Record<string, unknown> | undefined {
  const v = ctx.params.raw(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(name, 'expected an object');
  return v as Record<string, unknown>;
}

function stringList(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw invalid(name, 'expected a list of strings');
  return v as string[];
}

function paging(ctx: ActionContext): { page: number; size: number } {
  const p = ctx.params.raw('PageNumber');
  const s = ctx.params.raw('PageSize');
  return {
    page: p === undefined || p === null ? 1 : intOf(p, 'PageNumber', 1, 1_000_000),
    size: s === undefined || s === null ? 10 : intOf(s, 'PageSize', 1, 100),
  };
}

function pageOf<T>(items: T[], ctx: ActionContext, present: (x: T) => unknown) {
  const { page, size } = paging(ctx);
  return {
    TotalCount: items.length,
    PageNumber: page,
    PageSize: size,
    Items: items.slice((page - 1) * size, page * size).map(present),
  };
}

function project(ctx: ActionContext, name = 'ProjectName'): string {
  const p = str(ctx, name);
  // ListEndpoints documents "默认值为default" (§4.1, CERTAIN); ark-cli's "omitted = account-wide" is
  // not followed here (the harsher reading: a caller that omits it sees only `default`).
  const projectName = p === undefined || p === '' ? 'default' : p;
  if (!ctx.sim.state.projects.has(projectName)) throw invalid(name, `project ${projectName} does not exist`);
  return projectName;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * UNVERIFIED (§10.5): an endpoint with no limit shows `RateLimit {Rpm:0,Tpm:0}` where 0 means "no limit";
 * where 0 means "refuse every call" showing 0/0 would claim a block, so the field is left out (omitempty).
 */
function presentRateLimit(e: SimEndpoint, zeroMeans: ArkSettings['rateLimitZeroMeans']) {
  if (e.rateLimit) return { RateLimit: { Rpm: e.rateLimit.rpm, Tpm: e.rateLimit.tpm } };
  return zeroMeans === 'unlimited' ? { RateLimit: { Rpm: 0, Tpm: 0 } } : {};
}

export function presentEndpoint(
  e: SimEndpoint,
  zeroMeans: ArkSettings['rateLimitZeroMeans'],
): Record<string, unknown> {
  return {
    Id: e.id,
    Name: e.name,
    Description: e.description,
    ProjectName: e.project,
    Status: e.status,
    StatusReason: '',
    EndpointModelType: 'FoundationModel',
    ModelReference: {
      FoundationModel: { Name: e.model.foundationModelName, ModelVersion: e.model.modelVersion },
    },
    ...presentRateLimit(e, zeroMeans),
    SupportRolling: false,
    Tags: e.createdBy ? [{ Key: 'sys:ark:createdBy', Value: e.createdBy }] : [],
    CreateTime: iso(e.createTime),
    UpdateTime: iso(e.updateTime),
  };
}

function presentKey(k: SimArkApiKey): Record<string, unknown> {
  return {
    Id: k.id,
    Name: k.name,
    Key: maskKey(k.secret),
    SID: k.sid,
    Status: k.status,
    ProjectName: k.project,
    AccessControlInfo: { AllowAll: k.allowAll },
    ResourceInstances: k.allowAll
      ? [{ ResourceType: 'all', ResourceId: '*' }]
      : k.resources.map((r) => ({ ResourceType: r.startsWith('ep-') ? 'endpoint' : 'model', ResourceId: r })),
    CreatedBy: k.createdBy ?? '',
    CreateTime: iso(k.createTime),
    LastUsedTime: k.lastUsedTime === null ? '' : iso(k.lastUsedTime),
  };
}

function endpointOf(ctx: ActionContext, ark: ArkState): SimEndpoint {
  const id = requiredStr(ctx, 'Id');
  const e = ark.endpoints.get(id);
  if (!e) throw endpointNotFound(id);
  return e;
}

function keyOf(ctx: ActionContext, ark: ArkState): SimArkApiKey {
  const raw = ctx.params.raw('Id');
  if (raw === undefined || raw === null || raw === '') throw missing('Id');
  // veadk keeps the id numeric but accepts legacy string ids (§2.3)
  const id = intOf(raw, 'Id', 1, Number.MAX_SAFE_INTEGER);
  const k = ark.apiKeys.get(id);
  if (!k) throw invalid('Id', `API key ${id} does not exist`);
  return k;
}

function rateLimitOf(ctx: ActionContext): { rpm: number; tpm: number } | undefined {
  const r = objOf(ctx, 'RateLimit');
  if (!r) return undefined;
  // ark-cli requires Rpm and Tpm together (§4.4); refusing one alone is the harsher, unverified reading.
  if (r['Rpm'] === undefined || r['Tpm'] === undefined) throw invalid('RateLimit', 'Rpm and Tpm go together');
  // int32 fields (GO `RateLimit{Rpm int32, Tpm int32}`, CERTAIN); the service may cap them lower (setting
  // `rateLimitMax`, unverified); no call removes a limit (none documented).
  const max = Math.min(ARK_RATE_LIMIT_MAX, arkSettingsOf(ctx.sim).rateLimitMax);
  return {
    rpm: intOf(r['Rpm'], 'RateLimit.Rpm', 0, max),
    tpm: intOf(r['Tpm'], 'RateLimit.Tpm', 0, max),
  };
}

/** `IAMUser/<id>/<name>` (the sys:ark:createdBy tag, §4.5, CERTAIN). */
function creatorOf(ctx: ActionContext): string | null {
  const name = ctx.caller.userName;
  if (name === null) return null;
  const u = ctx.sim.state.users.get(name);
  return u ? `IAMUser/${u.id}/${u.userName}` : null;
}

function withArk<T>(fn: (ctx: ActionContext, ark: ArkState) => T) {
  return (ctx: ActionContext): T => fn(ctx, arkOf(ctx.sim));
}

const handlers: Record<string, (ctx: ActionContext) => unknown> = {
  ListEndpoints: withArk((ctx, ark) => {
    const proj = project(ctx);
    authorizeArk(ctx.sim.state, ctx.caller, 'ListEndpoints', proj);
    const f = objOf(ctx, 'Filter') ?? {};
    const ids = new Set(stringList(f['Ids'], 'Filter.Ids'));
    const statuses = new Set(stringList(f['Statuses'], 'Filter.Statuses'));
    const name = typeof f['Name'] === 'string' ? f['Name'] : '';
    const modelName = typeof f['FoundationModelName'] === 'string' ? f['FoundationModelName'] : '';
    const list = [...ark.endpoints.values()].filter(
      (e) =>
        e.project === proj &&
        (ids.size === 0 || ids.has(e.id)) &&
        (statuses.size === 0 || statuses.has(e.status)) &&
        (!name || e.name.includes(name)) &&
        (!modelName || e.model.foundationModelName === modelName),
    );
    const zero = arkSettingsOf(ctx.sim).rateLimitZeroMeans;
    return pageOf(list, ctx, (e) => presentEndpoint(e, zero));
  }),

  GetEndpoint: withArk((ctx, ark) => {
    const e = endpointOf(ctx, ark);
    authorizeArk(ctx.sim.state, ctx.caller, 'GetEndpoint', e.project, endpointTrn(ctx, e));
    return {
      ...presentEndpoint(e, arkSettingsOf(ctx.sim).rateLimitZeroMeans),
      Moderation: { Strategy: 'Default' },
      BatchOnly: false,
    };
  }),

  CreateEndpoint: withArk((ctx, ark) => {
    const name = requiredStr(ctx, 'Name');
    const proj = project(ctx);
    authorizeArk(ctx.sim.state, ctx.caller, 'CreateEndpoint', proj);
    const ref = objOf(ctx, 'ModelReference');
    const fm = ref?.['FoundationModel'] as Record<string, unknown> | undefined;
    if (!fm || typeof fm['Name'] !== 'string') throw missing('ModelReference.FoundationModel.Name');
    const model = modelByReference(
      fm['Name'],
      typeof fm['ModelVersion'] === 'string' ? fm['ModelVersion'] : undefined,
    );
    if (!model) throw invalid('ModelReference', `foundation model ${String(fm['Name'])} is not available`);
    const rateLimit = rateLimitOf(ctx) ?? null;
    const e: SimEndpoint = {
      id: ark.newEndpointId(ctx.nowMs, false),
      name,
      description: str(ctx, 'Description') ?? '',
      project: proj,
      model,
      preset: false,
      status: 'Running',
      rateLimit,
      createdBy: creatorOf(ctx),
      createTime: ctx.nowMs,
      updateTime: ctx.nowMs,
    };
    ark.endpoints.set(e.id, e);
    return { Id: e.id };
  }),

  StopEndpoint: withArk((ctx, ark) => {
    const e = endpointOf(ctx, ark);
    authorizeArk(ctx.sim.state, ctx.caller, 'StopEndpoint', e.project, endpointTrn(ctx, e));
    // Preset endpoints cannot be stopped (§4, CERTAIN); the error code is unverified.
    if (e.preset) throw invalid('Id', `${e.id} is a preset endpoint and cannot be stopped`);
    if (e.status !== 'Running') throw badStatus(e.id, e.status);
    e.status = 'Stopped';
    e.updateTime = ctx.nowMs;
    return {};
  }),

  StartEndpoint: withArk((ctx, ark) => {
    const e = endpointOf(ctx, ark);
    authorizeArk(ctx.sim.state, ctx.caller, 'StartEndpoint', e.project, endpointTrn(ctx, e));
    if (e.preset) throw invalid('Id', `${e.id} is a preset endpoint and cannot be started`);
    if (e.status !== 'Stopped') throw badStatus(e.id, e.status);
    e.status = 'Running';
    e.updateTime = ctx.nowMs;
    return {};
  }),

  UpdateEndpoint: withArk((ctx, ark) => {
    const e = endpointOf(ctx, ark);
    authorizeArk(ctx.sim.state, ctx.caller, 'UpdateEndpoint', e.project, endpointTrn(ctx, e));
    const rateLimit = rateLimitOf(ctx);
    const name = str(ctx, 'Name');
    const description = str(ctx, 'Description');
    if (rateLimit) e.rateLimit = rateLimit;
    if (name) e.name = name;
    if (description !== undefined) e.description = description;
    e.updateTime = ctx.nowMs;
    return {};
  }),

  GetApiKey: withArk((ctx, ark) => {
    const raw = ctx.params.raw('DurationSeconds');
    if (raw === undefined || raw === null || raw === '') throw missing('DurationSeconds');
    const duration = intOf(raw, 'DurationSeconds', 0, ARK_MAX_TEMP_KEY_SECONDS);
    const type = requiredStr(ctx, 'ResourceType');
    if (type !== 'endpoint' && type !== 'presetendpoint') {
      throw invalid('ResourceType', type === 'bot' ? 'bots are not simulated' : `unknown type ${type}`);
    }
    const ids = stringList(ctx.params.raw('ResourceIds'), 'ResourceIds');
    if (ids.length === 0) throw missing('ResourceIds');
    let proj: string | null = null;
    if (type === 'endpoint') {
      for (const id of ids) {
        const e = ark.endpoints.get(id);
        if (!e || e.preset) throw invalid('ResourceIds', `endpoint ${id} does not exist`);
        // The key is "permitted for the calling user/project": ark:GetApiKey in each endpoint's project.
        authorizeArk(ctx.sim.state, ctx.caller, 'GetApiKey', e.project, endpointTrn(ctx, e));
        proj ??= e.project;
      }
    } else {
      // presetendpoint needs ProjectName (Go runtime, §3, CERTAIN)
      if (!str(ctx, 'ProjectName')) throw invalid('ProjectName', 'required for preset endpoints');
      proj = project(ctx);
      authorizeArk(ctx.sim.state, ctx.caller, 'GetApiKey', proj);
      for (const id of ids) {
        if (id.startsWith('ep-m-')) {
          const e = ark.endpoints.get(id);
          if (!e || e.project !== proj) throw invalid('ResourceIds', `preset endpoint ${id} does not exist`);
        } else if (!ARK_MODELS.some((m) => m.id === id)) {
          throw invalid('ResourceIds', `model ${id} does not exist`);
        } else {
          presetEndpointFor(ark, proj, id, ctx.nowMs);
        }
      }
    }
    const secret = ark.newTempSecret();
    const expiresAtMs = ctx.nowMs + duration * 1000;
    ark.tempKeys.set(secret, {
      secret,
      resourceType: type,
      resourceIds: ids,
      project: proj,
      userName: ctx.caller.userName,
      accessKeyId: ctx.caller.accessKeyId,
      createdAtMs: ctx.nowMs,
      expiresAtMs,
    });
    return { ApiKey: secret, ExpiredTime: Math.floor(expiresAtMs / 1000) };
  }),

  ListApiKeys: withArk((ctx, ark) => {
    const proj = project(ctx);
    authorizeArk(ctx.sim.state, ctx.caller, 'ListApiKeys', proj);
    const f = objOf(ctx, 'Filter') ?? {};
    // INFERRED (§2.3): Filter.AllowAll filters to "all resources" keys; it does not list everything.
    const allowAll = typeof f['AllowAll'] === 'boolean' ? f['AllowAll'] : undefined;
    const list = [...ark.apiKeys.values()].filter(
      (k) => k.project === proj && (allowAll === undefined || k.allowAll === allowAll),
    );
    return pageOf(list, ctx, presentKey);
  }),

  GetRawApiKey: withArk((ctx, ark) => {
    const k = keyOf(ctx, ark);
    authorizeArk(ctx.sim.state, ctx.caller, 'GetRawApiKey', k.project);
    return { ApiKey: k.secret };
  }),

  UpdateApiKey: withArk((ctx, ark) => {
    const k = keyOf(ctx, ark);
    authorizeArk(ctx.sim.state, ctx.caller, 'UpdateApiKey', k.project);
    const regen = ctx.params.raw('Regen');
    const status = ctx.params.raw('Status');
    const name = str(ctx, 'Name');
    if (status !== undefined && status !== null) {
      // UNVERIFIED (§2.7): the enable/disable shape; refused unless the setting admits it.
      if (!arkSettingsOf(ctx.sim).apiKeyStatusViaUpdateApiKey) {
        throw invalid('Status', 'unknown parameter');
      }
      if (status !== 'Active' && status !== 'Disabled')
        throw invalid('Status', 'expected Active or Disabled');
      k.status = status;
    }
    if (regen === true || regen === 'true') {
      // CERTAIN (§2.6): the old secret stops working at once; same Id, new secret.
      ark.keyBySecret.delete(k.secret);
      k.secret = ark.newSecret();
      ark.keyBySecret.set(k.secret, k);
    }
    if (name) k.name = name;
    return {};
  }),

  CreateApiKey: withArk((ctx, ark) => {
    const name = requiredStr(ctx, 'Name');
    const proj = project(ctx);
    authorizeArk(ctx.sim.state, ctx.caller, 'CreateApiKey', proj);
    if (ark.apiKeys.size >= ARK_MAX_API_KEYS) {
      // 50 keys per main account (§2.1, CERTAIN); the error code is unverified.
      throw new VolcSimError(
        400,
        'QuotaExceeded.ApiKey',
        `At most ${ARK_MAX_API_KEYS} API keys per account.`,
      );
    }
    const access = objOf(ctx, 'AccessControlInfo') ?? {};
    const instances = ctx.params.raw('ResourceInstances');
    const resources: string[] = [];
    let allowAll = access['AllowAll'] === true;
    if (Array.isArray(instances)) {
      for (const r of instances as Array<Record<string, unknown>>) {
        if (r['ResourceType'] === 'all') allowAll = true;
        else if (typeof r['ResourceId'] === 'string') resources.push(r['ResourceId']);
      }
    }
    if (!allowAll && resources.length === 0) throw invalid('ResourceInstances', 'no resource given');
    return {
      Id: createKey(ark, {
        name,
        project: proj,
        allowAll,
        resources,
        createdBy: creatorOf(ctx),
        nowMs: ctx.nowMs,
      }).id,
    };
  }),

  ListModelChargeItems: (ctx) => {
    authorizeArk(ctx.sim.state, ctx.caller, 'ListModelChargeItems', null);
    const f = objOf(ctx, 'Filter') ?? {};
    const names = new Set(stringList(f['FoundationModelNames'], 'Filter.FoundationModelNames'));
    const list = ARK_MODELS.filter((m) => names.size === 0 || names.has(m.foundationModelName));
    return pageOf(list, ctx, presentModelCharge);
  },

  GetUsage: (ctx) => {
    const proj = str(ctx, 'ProjectName') ? project(ctx) : null;
    authorizeArk(ctx.sim.state, ctx.caller, 'GetUsage', proj);
    return getUsage(ctx, arkOf(ctx.sim), proj, stringList(ctx.params.raw('EndpointIds'), 'EndpointIds'));
  },

  GetInferenceUsage: (ctx) => {
    const proj = str(ctx, 'ProjectName') ? project(ctx) : null;
    authorizeArk(ctx.sim.state, ctx.caller, 'GetInferenceUsage', proj);
    return getInferenceUsage(ctx, arkOf(ctx.sim), proj);
  },
};

function endpointTrn(ctx: ActionContext, e: SimEndpoint): string {
  return `trn:ark:cn-beijing:${ctx.sim.state.accountId}:endpoint/${e.id}`;
}

export function createKey(
  ark: ArkState,
  k: {
    name: string;
    project: string;
    allowAll: boolean;
    resources: string[];
    createdBy: string | null;
    nowMs: number;
  },
): SimArkApiKey {
  const key: SimArkApiKey = {
    id: ark.nextKeyId++,
    sid: ark.newKeySid(k.nowMs),
    name: k.name,
    project: k.project,
    secret: ark.newSecret(),
    allowAll: k.allowAll,
    resources: [...k.resources],
    status: 'Active',
    createdBy: k.createdBy,
    createTime: k.nowMs,
    lastUsedTime: null,
  };
  ark.apiKeys.set(key.id, key);
  ark.keyBySecret.set(key.secret, key);
  return key;
}

export const arkActions: ActionDef[] = Object.entries(handlers).map(([name, handler]) => ({
  service: 'ark',
  version: ARK_V,
  name,
  readOnly: /^(List|Get)/.test(name) && name !== 'GetApiKey' && name !== 'GetRawApiKey',
  selfAuthorizing: true,
  handler,
}));
