import type { SimCore } from '../core.js';
import { arkVerdict } from './iam.js';
import { costNano, modelById, type ArkModel } from './prices.js';
import {
  arkOf,
  arkSettingsOf,
  type ArkState,
  type SimArkApiKey,
  type SimEndpoint,
  type SimTempKey,
  type UsageAgg,
} from './state.js';
import { runTrafficUntil } from './traffic.js';
import { minLagMs } from './visibility.js';

/**
 * The Ark data plane (`https://ark.cn-beijing.volces.com/api/v3/…`, Bearer auth; ark-api.md §1, §8).
 * HTTP requests and the traffic generator both go through `infer`, so a refusal is the same refusal
 * whoever calls. Error bodies are `{"error":{code,message,param,type,request_id}}` (CERTAIN, Go SDK
 * arkruntime/model/error.go); codes and statuses per §8 (CERTAIN, the doc's error-code page).
 */
export type InferRequest = {
  method: string;
  /** path without the query, e.g. /api/v3/chat/completions */
  path: string;
  authorization: string | undefined;
  body: unknown;
  /** when the call happens (the virtual clock; a generator's scheduled instant) */
  atMs: number;
  /** token counts a traffic generator asks for, instead of counting the body */
  tokens?: { prompt: number; completion: number } | undefined;
};

export type InferAnswer = {
  status: number;
  body: Record<string, unknown>;
  requestId: string;
  code: string | null;
  /** what the call was charged, nano-yuan (0 when refused) */
  costNano: bigint;
};

const WINDOW_MS = 5 * 60_000;
/** Tokens a Seedance task bills (5 s of video); the figure is unverified. */
export const VIDEO_TASK_TOKENS = 108_900;

let counter = 0;
function requestId(atMs: number): string {
  counter = (counter + 1) % 0xffffff;
  return `02${atMs}${counter.toString(16).padStart(6, '0')}`;
}

type Refusal = { status: number; code: string; message: string; param?: string; type: string };

const refuse = {
  auth: (): Refusal => ({
    status: 401,
    code: 'AuthenticationError',
    message: 'The API key or AK/SK in the request is missing or invalid.',
    type: 'Unauthorized',
  }),
  accessDenied: (target: string): Refusal => ({
    status: 403,
    code: 'AccessDenied',
    message: `The request failed because you do not have access to the requested resource ${target}.`,
    type: 'Forbidden',
  }),
  notFound: (target: string): Refusal => ({
    status: 404,
    code: 'InvalidEndpointOrModel.NotFound',
    message: `The model or endpoint ${target} does not exist or you do not have access to it.`,
    param: 'model',
    type: 'NotFound',
  }),
  closed: (id: string): Refusal => ({
    status: 400,
    code: 'InvalidEndpoint.ClosedEndpoint',
    message: `The request failed because the endpoint ${id} is closed or temporarily unavailable.`,
    type: 'BadRequest',
  }),
  rpm: (): Refusal => ({
    status: 429,
    code: 'RateLimitExceeded.EndpointRPMExceeded',
    message: 'The request failed because you have exceeded the RPM limit of your endpoint.',
    type: 'TooManyRequests',
  }),
  tpm: (): Refusal => ({
    status: 429,
    code: 'RateLimitExceeded.EndpointTPMExceeded',
    message: 'The request failed because you have exceeded the TPM limit of your endpoint.',
    type: 'TooManyRequests',
  }),
  missing: (param: string): Refusal => ({
    status: 400,
    code: 'MissingParameter',
    message: `The request failed because it is missing the required parameter ${param}.`,
    param,
    type: 'BadRequest',
  }),
  invalid: (param: string, why: string): Refusal => ({
    status: 400,
    code: 'InvalidParameter',
    message: `The parameter ${param} specified in the request is not valid: ${why}.`,
    param,
    type: 'BadRequest',
  }),
  path: (path: string): Refusal => ({
    status: 404,
    code: 'NotFound',
    message: `The path ${path} does not exist.`,
    type: 'NotFound',
  }),
};

class Refused extends Error {
  constructor(readonly r: Refusal) {
    super(r.code);
  }
}

type Credential =
  | { kind: 'key'; key: SimArkApiKey; project: string; label: string }
  | { kind: 'temp'; temp: SimTempKey; project: string | null; label: string };

function credentialOf(
  sim: SimCore,
  ark: ArkState,
  authorization: string | undefined,
  atMs: number,
): Credential {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) throw new Refused(refuse.auth());
  const secret = m[1]!;
  const key = ark.keyBySecret.get(secret);
  if (key) {
    // A disabled key fails authentication (§2.1, CERTAIN); a regenerated one is no longer known (§2.6).
    if (key.status !== 'Active') throw new Refused(refuse.auth());
    return { kind: 'key', key, project: key.project, label: key.sid };
  }
  const temp = ark.tempKeys.get(secret);
  if (!temp || atMs >= temp.expiresAtMs) throw new Refused(refuse.auth());
  if (temp.userName !== null && arkSettingsOf(sim).tempKeysDieWithUser) {
    // UNVERIFIED (§10.3): under this setting a temporary key dies with its user's access keys.
    if (!sim.state.isActive(temp.userName)) throw new Refused(refuse.auth());
  }
  return { kind: 'temp', temp, project: temp.project, label: `temp:${secret.slice(-6)}` };
}

/** The preset endpoint (`ep-m-…`) of a model in a project, created on its first call (§4, CERTAIN). */
export function presetEndpointFor(
  ark: ArkState,
  project: string,
  modelId: string,
  atMs: number,
): SimEndpoint {
  for (const e of ark.endpoints.values())
    if (e.preset && e.project === project && e.model.id === modelId) return e;
  const model = modelById(modelId)!;
  const e: SimEndpoint = {
    id: ark.newEndpointId(atMs, true),
    name: model.id,
    description: '',
    project,
    model,
    preset: true,
    status: 'Running',
    rateLimit: null,
    createdBy: null,
    createTime: atMs,
    updateTime: atMs,
  };
  ark.endpoints.set(e.id, e);
  return e;
}

function endpointOf(ark: ArkState, cred: Credential, target: string, atMs: number): SimEndpoint {
  if (target.startsWith('ep-')) {
    const e = ark.endpoints.get(target);
    // A credential sees only its own project's endpoints (§2.1: project-scoped keys).
    if (!e || (cred.project !== null && e.project !== cred.project))
      throw new Refused(refuse.notFound(target));
    return e;
  }
  const model = modelById(target);
  if (!model || cred.project === null) throw new Refused(refuse.notFound(target));
  return presetEndpointFor(ark, cred.project, target, atMs);
}

function permits(cred: Credential, e: SimEndpoint): boolean {
  if (cred.kind === 'key') {
    const k = cred.key;
    if (k.allowAll) return true;
    return k.resources.includes(e.id) || (e.preset && k.resources.includes(e.model.id));
  }
  const t = cred.temp;
  if (t.resourceType === 'endpoint') return !e.preset && t.resourceIds.includes(e.id);
  return e.preset && (t.resourceIds.includes(e.id) || t.resourceIds.includes(e.model.id));
}

function contentLength(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + contentLength(x), 0);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return contentLength(o['content'] ?? o['text'] ?? '');
  }
  return 0;
}

function countTokens(
  kind: ArkModel['kind'],
  body: Record<string, unknown>,
): { prompt: number; completion: number } {
  if (kind === 'video') return { prompt: 0, completion: VIDEO_TASK_TOKENS };
  const source = kind === 'embedding' ? body['input'] : body['messages'];
  const prompt = Math.max(1, Math.ceil(contentLength(source) / 4));
  if (kind === 'embedding') return { prompt, completion: 0 };
  const max = body['max_tokens'];
  const completion = typeof max === 'number' && Number.isInteger(max) && max > 0 ? Math.min(max, 4096) : 64;
  return { prompt, completion };
}

/** RPM/TPM per endpoint per clock minute; refused calls do not count (unverified). */
function checkRateLimit(sim: SimCore, ark: ArkState, e: SimEndpoint, tokens: number, atMs: number): void {
  const rl = e.rateLimit;
  if (!rl) return;
  const minute = Math.floor(atMs / 60_000);
  let load = ark.minuteLoad.get(e.id);
  if (!load || load.minute !== minute) ark.minuteLoad.set(e.id, (load = { minute, requests: 0, tokens: 0 }));
  const zeroBlocks = arkSettingsOf(sim).rateLimitZeroMeans === 'block';
  const over = (limit: number, value: number) => (limit === 0 ? zeroBlocks : value > limit);
  if (over(rl.rpm, load.requests + 1)) throw new Refused(refuse.rpm());
  if (over(rl.tpm, load.tokens + tokens)) throw new Refused(refuse.tpm());
  load.requests += 1;
  load.tokens += tokens;
}

function accrue(
  ark: ArkState,
  e: SimEndpoint,
  cred: Credential,
  secret: string,
  tokens: { prompt: number; completion: number },
  atMs: number,
): bigint {
  const windowStart = Math.floor(atMs / WINDOW_MS) * WINDOW_MS;
  let w = ark.windows.get(windowStart);
  if (!w) ark.windows.set(windowStart, (w = new Map()));
  ark.billCache.drop(windowStart);
  const keySid = cred.kind === 'key' ? cred.key.sid : '-';
  const rowKey = `${e.id}|${keySid}|${secret}`;
  let agg: UsageAgg | undefined = w.get(rowKey);
  if (!agg) {
    agg = {
      windowStart,
      endpointId: e.id,
      project: e.project,
      keySid,
      authToken: secret,
      model: e.model,
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      costNano: 0n,
    };
    w.set(rowKey, agg);
  }
  const cost = costNano(e.model, tokens.prompt, tokens.completion);
  agg.requests += 1;
  agg.promptTokens += tokens.prompt;
  agg.completionTokens += tokens.completion;
  agg.costNano += cost;
  ark.projectCostNano.set(e.project, (ark.projectCostNano.get(e.project) ?? 0n) + cost);
  ark.version++;
  if (windowStart + WINDOW_MS + minLagMs(ark.sim) <= ark.sim.clock.nowMs()) ark.visibleVersion++;
  return cost;
}

function tally(ark: ArkState, label: string, target: string, code: string | null, cost: bigint): void {
  const k = `${label}|${target}`;
  let t = ark.tallies.get(k);
  if (!t) ark.tallies.set(k, (t = { accepted: 0, refused: new Map(), costNano: 0n }));
  if (code === null) {
    t.accepted++;
    t.costNano += cost;
  } else t.refused.set(code, (t.refused.get(code) ?? 0) + 1);
}

const ROUTES: Record<string, ArkModel['kind']> = {
  'POST /api/v3/chat/completions': 'chat',
  'POST /api/v3/embeddings': 'embedding',
  'POST /api/v3/contents/generations/tasks': 'video',
};

/** One data-plane call at `req.atMs`: authenticate, resolve, check, charge, answer. */
export function infer(sim: SimCore, req: InferRequest): InferAnswer {
  const ark = arkOf(sim);
  const id = requestId(req.atMs);
  let label = 'unknown';
  let target = '-';
  try {
    const taskGet = /^\/api\/v3\/contents\/generations\/tasks\/([\w-]+)$/.exec(req.path);
    const kind = ROUTES[`${req.method} ${req.path}`];
    if (!kind && !(req.method === 'GET' && taskGet)) throw new Refused(refuse.path(req.path));
    const secretMatch = /^Bearer\s+(\S+)/i.exec(req.authorization ?? '');
    const cred = credentialOf(sim, ark, req.authorization, req.atMs);
    label = cred.label;
    if (taskGet) {
      const task = ark.tasks.get(taskGet[1]!);
      if (!task || task['_project'] !== cred.project) throw new Refused(refuse.notFound(taskGet[1]!));
      const { _project, ...visible } = task;
      void _project;
      return { status: 200, body: visible, requestId: id, code: null, costNano: 0n };
    }
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new Refused(refuse.invalid('body', 'expected a JSON object'));
    }
    const body = req.body as Record<string, unknown>;
    const model = body['model'];
    if (typeof model !== 'string' || model === '') throw new Refused(refuse.missing('model'));
    target = model;
    const e = endpointOf(ark, cred, model, req.atMs);
    target = e.id;
    if (!permits(cred, e)) throw new Refused(refuse.accessDenied(model));
    if (
      cred.kind === 'temp' &&
      cred.temp.userName !== null &&
      arkSettingsOf(sim).projectDenyBlocksInference &&
      arkVerdict(sim.state, cred.temp.userName, 'ark:Inference', e.project) === 'deny'
    ) {
      // UNVERIFIED (§7, §10.4): only under this setting does an IAM Deny reach Bearer inference.
      throw new Refused(refuse.accessDenied(model));
    }
    if (e.status !== 'Running') throw new Refused(refuse.closed(e.id));
    if (e.model.kind !== kind)
      throw new Refused(refuse.invalid('model', `${model} does not serve ${req.path}`));
    const tokens = req.tokens ?? countTokens(kind, body);
    checkRateLimit(sim, ark, e, tokens.prompt + tokens.completion, req.atMs);
    const cost = accrue(ark, e, cred, secretMatch![1]!, tokens, req.atMs);
    if (cred.kind === 'key') cred.key.lastUsedTime = req.atMs;
    tally(ark, label, target, null, cost);
    return {
      status: 200,
      body: answer(ark, kind, e, tokens, id, req.atMs, body),
      requestId: id,
      code: null,
      costNano: cost,
    };
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    tally(ark, label, target, err.r.code, 0n);
    const error: Record<string, unknown> = {
      code: err.r.code,
      message: `${err.r.message} Request id: ${id}`,
      param: err.r.param ?? '',
      type: err.r.type,
    };
    return { status: err.r.status, body: { error }, requestId: id, code: err.r.code, costNano: 0n };
  }
}

function answer(
  ark: ArkState,
  kind: ArkModel['kind'],
  e: SimEndpoint,
  tokens: { prompt: number; completion: number },
  id: string,
  atMs: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const created = Math.floor(atMs / 1000);
  const total = tokens.prompt + tokens.completion;
  if (kind === 'embedding') {
    const inputs = Array.isArray(body['input']) ? body['input'] : [body['input']];
    return {
      id,
      object: 'list',
      created,
      model: e.model.id,
      data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.0123, -0.0456, 0.0789] })),
      usage: { prompt_tokens: tokens.prompt, total_tokens: total },
    };
  }
  if (kind === 'video') {
    const taskId = `cgt-${new Date(atMs + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${id.slice(-6)}`;
    // The simulated task succeeds at once and is billed when created (real tasks bill on success).
    ark.tasks.set(taskId, {
      _project: e.project,
      id: taskId,
      model: e.model.id,
      status: 'succeeded',
      content: { video_url: `https://ark-content-generation.sim.invalid/${taskId}.mp4` },
      usage: { completion_tokens: tokens.completion, total_tokens: total },
      created_at: created,
      updated_at: created,
    });
    return { id: taskId };
  }
  return {
    id,
    object: 'chat.completion',
    created,
    model: e.model.id,
    service_tier: 'default',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: '（模拟回答）' },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      total_tokens: total,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

/** An HTTP call on the data plane: first every generated call due before now, then this one. */
export function handleDataPlane(
  sim: SimCore,
  req: {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    rawBody: Buffer;
  },
): InferAnswer {
  const nowMs = sim.clock.nowMs();
  runTrafficUntil(sim, nowMs);
  let body: unknown = undefined;
  if (req.rawBody.length > 0) {
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      body = null;
    }
  }
  const auth = req.headers['authorization'];
  return infer(sim, {
    method: req.method,
    path: req.path.replace(/\/$/, ''),
    authorization: Array.isArray(auth) ? auth[0] : auth,
    body,
    atMs: nowMs,
  });
}
