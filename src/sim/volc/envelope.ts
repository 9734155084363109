import type { VolcSimError } from './errors.js';

export type ResponseMeta = {
  RequestId: string;
  Action: string;
  Version: string;
  Service: string;
  Region: string;
};

let requestCounter = 0;

/** `YYYYMMDDHHMMSS` (Beijing time, as the real ids are) + 18 upper-case hex characters. */
export function newRequestId(now: Date = new Date()): string {
  const bj = new Date(now.getTime() + 8 * 3600_000).toISOString();
  const stamp = bj.slice(0, 19).replace(/[-:T]/g, '');
  requestCounter = (requestCounter + 1) % 0x1000000;
  const rand = Math.floor(Math.random() * 0x1000000000)
    .toString(16)
    .padStart(12, '0');
  return `${stamp}${rand}${requestCounter.toString(16).padStart(6, '0')}`.toUpperCase();
}

export function successBody(meta: ResponseMeta, result: unknown): Record<string, unknown> {
  return { ResponseMetadata: meta, Result: result ?? {} };
}

export function errorBody(meta: ResponseMeta, err: VolcSimError): Record<string, unknown> {
  const error: Record<string, unknown> = { Code: err.code, Message: err.message };
  if (err.codeN !== undefined) error['CodeN'] = err.codeN;
  return { ResponseMetadata: { ...meta, Error: error } };
}
