import { sign, type Credentials } from '../../../src/volc/signer.js';
import type { VolcSim } from '../../../src/sim/volc/server.js';

export type CallInput = {
  action: string;
  version?: string;
  service?: string;
  region?: string;
  method?: 'GET' | 'POST';
  query?: Record<string, string | number>;
  json?: Record<string, unknown>;
  form?: Record<string, string>;
  credentials?: Credentials;
  date?: Date;
  /** extra headers sent and signed */
  headers?: Record<string, string>;
};

export type CallResult = {
  status: number;
  body: {
    ResponseMetadata: { RequestId: string; Action: string; Error?: { Code: string; Message: string } };
    Result?: Record<string, unknown>;
  };
  code: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result: any;
};

const VERSIONS: Record<string, string> = { iam: '2018-01-01', billing: '2022-01-01' };

/** One request signed the way a client would (our signer, itself checked against the SDK's vectors). */
export async function call(sim: Pick<VolcSim, 'url' | 'credentials'>, input: CallInput): Promise<CallResult> {
  const service = input.service ?? 'iam';
  const query: Record<string, string | number> = {
    ...(input.query ?? {}),
    Action: input.action,
    Version: input.version ?? VERSIONS[service] ?? '2018-01-01',
  };
  const body = input.json
    ? JSON.stringify(input.json)
    : input.form
      ? new URLSearchParams(input.form).toString()
      : '';
  const contentType = input.json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded';
  const signed = sign({
    method: input.method ?? (body ? 'POST' : 'GET'),
    query,
    headers: { 'Content-Type': contentType, ...(input.headers ?? {}) },
    body,
    service,
    region: input.region ?? 'cn-beijing',
    credentials: input.credentials ?? sim.credentials,
    date: input.date ?? new Date(),
  });
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  const res = await fetch(`${sim.url}/?${qs}`, {
    method: input.method ?? (body ? 'POST' : 'GET'),
    headers: signed.headers,
    ...(body ? { body } : {}),
  });
  const json = (await res.json()) as CallResult['body'];
  return { status: res.status, body: json, code: json.ResponseMetadata.Error?.Code, result: json.Result };
}
