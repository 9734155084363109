import { z } from 'zod';
import { flattenParams, formatZodProblem } from './params.js';
import { sign, uriEscape, type Credentials } from './signer.js';
import { VolcApiError, VolcNetworkError, VolcResponseError, type VolcCallInfo } from './errors.js';

/** Where the parameters travel: the query string (GET), a JSON body or a form body (POST). */
export type ParamsIn = 'query' | 'json' | 'form';

export type VolcRequest = {
  action: string;
  version: string;
  service: string;
  method: 'GET' | 'POST';
  paramsIn: ParamsIn;
  params?: Record<string, unknown> | undefined;
  /**
   * false for actions whose repetition has a cost (CreateAccessKey mints a second secret): those are
   * retried only when the request certainly was not processed (throttled, connection refused).
   */
  idempotent?: boolean | undefined;
};

export type WireRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
};

const query = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${uriEscape(k)}=${uriEscape(v)}`).join('&');

/** The signed HTTP request for one attempt (Action and Version always in the query, section 1.4). */
export function buildWireRequest(
  req: VolcRequest,
  o: { endpoint: string; region: string; credentials: Credentials; date: Date },
): WireRequest {
  const base = new URL(o.endpoint);
  const path = base.pathname || '/';
  const pairs: Array<[string, string]> = [
    ['Action', req.action],
    ['Version', req.version],
  ];
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (req.paramsIn === 'json') {
    body = JSON.stringify(req.params ?? {});
    headers['Content-Type'] = 'application/json; charset=utf-8';
  } else if (req.paramsIn === 'form') {
    body = query(flattenParams(req.params ?? {}));
    headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  } else {
    pairs.push(...flattenParams(req.params ?? {}));
  }
  const signed = sign({
    method: req.method,
    path,
    query: pairs,
    headers,
    body: body ?? null,
    service: req.service,
    region: o.region,
    credentials: o.credentials,
    date: o.date,
  });
  return {
    url: `${base.origin}${path}?${query(pairs)}`,
    method: req.method,
    headers: { ...signed.headers, 'User-Agent': 'airgate' },
    body: body === '' ? undefined : body,
  };
}

/** One fetch bounded by `timeoutMs`, body included; no answer becomes a VolcNetworkError. */
export async function sendOnce(
  call: VolcCallInfo,
  wire: WireRequest,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetch(wire.url, {
      method: wire.method,
      headers: wire.headers,
      body: wire.body,
      signal: controller.signal,
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    throw timedOut
      ? new VolcNetworkError(call, 'timeout', `${Math.round(timeoutMs)} ms`, { cause: err })
      : new VolcNetworkError(call, 'network', describeNetworkError(err), { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

const envelopeSchema = z.looseObject({
  ResponseMetadata: z.looseObject({
    RequestId: z.string().optional(),
    Error: z.looseObject({ Code: z.string().min(1), Message: z.string().optional() }).nullish(),
  }),
  Result: z.unknown().optional(),
});

/** The envelope of section 3: Result on success, a VolcApiError for ResponseMetadata.Error. */
export function readEnvelope(
  call: VolcCallInfo,
  status: number,
  text: string,
): { result: unknown; requestId: string | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VolcResponseError(call, { httpStatus: status, problem: 'the body is not JSON' });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new VolcResponseError(call, { httpStatus: status, problem: formatZodProblem(envelope.error, '') });
  }
  const meta = envelope.data.ResponseMetadata;
  if (meta.Error) {
    throw new VolcApiError(call, {
      code: meta.Error.Code,
      message: meta.Error.Message ?? '',
      requestId: meta.RequestId,
      httpStatus: status,
    });
  }
  if (status < 200 || status >= 300) {
    throw new VolcResponseError(call, {
      httpStatus: status,
      requestId: meta.RequestId,
      problem: 'an error status without ResponseMetadata.Error',
    });
  }
  return { result: envelope.data.Result, requestId: meta.RequestId };
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return String(cause);
}
