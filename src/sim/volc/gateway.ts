import type { IncomingHttpHeaders } from 'node:http';
import type { ActionDef } from './actions.js';
import { parseAuthHeader, verifySignature } from './auth.js';
import { authorize } from './authorize.js';
import { arkBeforeAction } from './ark/index.js';
import type { SimCore } from './core.js';
import { errorBody, newRequestId, successBody, type ResponseMeta } from './envelope.js';
import { gatewayErrors, paramErrors, VolcSimError } from './errors.js';
import { collectParams, Params } from './params.js';
import { throttleGroupOf } from './throttle.js';
import { arkSettingsOf } from './ark/state.js';

export type ApiRequest = { method: string; url: string; headers: IncomingHttpHeaders; rawBody: Buffer };
export type ApiAnswer = { kind: 'drop' } | { kind: 'json'; status: number; body: Record<string, unknown> };
export type GatewayOptions = { maxSkewMs: number; onUnexpected?: (err: unknown) => void };

const KNOWN_SERVICES = new Set(['iam', 'billing', 'ark']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseBody(req: ApiRequest): Record<string, unknown> | null {
  if (req.rawBody.length === 0) return null;
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const text = req.rawBody.toString('utf8');
  if (type.includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new VolcSimError(400, 'InvalidParameter', 'The request body is not valid JSON.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new VolcSimError(400, 'InvalidParameter', 'The request body must be a JSON object.');
    }
    return parsed as Record<string, unknown>;
  }
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return null;
}

function paramsFor(service: string, values: Map<string, unknown>): Params {
  return service === 'iam'
    ? new Params(values, paramErrors.iamMissing, (n, v, why) => paramErrors.invalid(`Invalid${n}`, n, v, why))
    : new Params(values, paramErrors.billingMissing, (n, _v, why) => paramErrors.billingInvalid(n, why));
}

/**
 * One OpenAPI request, in the gateway's order: faults on arrival, Authorization present and parsable,
 * Action/Version present, access key known and active, timestamp fresh, signature, throttling and
 * injected 5xx, routing by (service, version, action), authorisation of sub-account callers, the action.
 */
export async function handleApi(
  sim: SimCore,
  registry: ReadonlyMap<string, ActionDef>,
  req: ApiRequest,
  opts: GatewayOptions,
): Promise<ApiAnswer> {
  const url = new URL(req.url, 'http://sim.invalid');
  const query = [...url.searchParams.entries()] as Array<[string, string]>;
  const action = url.searchParams.get('Action') ?? '';
  const version = url.searchParams.get('Version') ?? '';
  sim.countCall(action || '(none)');

  const arrival = sim.faults.beforeAuth(action);
  if (arrival.delayMs > 0) await sleep(arrival.delayMs);
  if (arrival.drop) return { kind: 'drop' };

  const meta: ResponseMeta = {
    RequestId: newRequestId(),
    Action: action,
    Version: version,
    Service: '',
    Region: '',
  };
  try {
    const auth = parseAuthHeader(req.headers);
    meta.Service = auth.service;
    meta.Region = auth.region;
    if (!action) throw gatewayErrors.missingParameter('Action');
    if (!version) throw gatewayErrors.missingParameter('Version');
    const key = sim.state.keys.get(auth.accessKeyId);
    if (!key || key.status !== 'active' || (key.userName !== null && !sim.state.users.has(key.userName))) {
      throw gatewayErrors.invalidAccessKey(auth.accessKeyId);
    }
    const realNowMs = Date.now();
    verifySignature({
      method: req.method,
      path: url.pathname,
      query,
      headers: req.headers,
      rawBody: req.rawBody,
      auth,
      secretAccessKey: key.secretAccessKey,
      realNowMs,
      maxSkewMs: opts.maxSkewMs,
    });
    const fault = sim.faults.afterAuth(action, auth.accessKeyId, realNowMs);
    if (fault.kind === 'error') throw fault.error;
    if (!KNOWN_SERVICES.has(auth.service)) throw gatewayErrors.serviceNotFound(auth.service);
    const def = registry.get(`${auth.service}:${version}:${action}`);
    if (!def) throw gatewayErrors.invalidActionOrVersion(action, version);
    const group = throttleGroupOf(def.service, action);
    if (group) {
      const limit = group === 'billing' ? sim.billingQps : arkSettingsOf(sim).usageQps;
      const refused = sim.throttle.check(group, limit, realNowMs);
      if (refused) throw refused;
    }
    const caller = { accessKeyId: auth.accessKeyId, userName: key.userName, region: auth.region };
    if (!def.selfAuthorizing) authorize(sim.state, caller, def);
    arkBeforeAction(sim);
    const params = paramsFor(def.service, collectParams(query, parseBody(req)));
    const result = def.handler({ sim, params, caller, nowMs: sim.clock.nowMs() });
    return { kind: 'json', status: 200, body: successBody(meta, result) };
  } catch (err) {
    if (err instanceof VolcSimError) return { kind: 'json', status: err.status, body: errorBody(meta, err) };
    opts.onUnexpected?.(err);
    const e = new VolcSimError(
      500,
      'ServiceFailure',
      'The request processing has failed because of an unknown error',
    );
    return { kind: 'json', status: 500, body: errorBody(meta, e) };
  }
}
