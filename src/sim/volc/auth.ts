import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  signingKey,
  stringToSign,
  type ParsedAuthorization,
} from '../../volc/signer.js';
import { gatewayErrors } from './errors.js';

export type VerifyInput = {
  method: string;
  path: string;
  /** decoded query pairs: the canonical query is rebuilt from these, never from the raw URL */
  query: Array<[string, string]>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  auth: ParsedAuthorization;
  secretAccessKey: string;
  realNowMs: number;
  maxSkewMs: number;
};

/** Missing header → 401 MissingAuthenticationToken; unparsable → 400 InvalidAuthorization. */
export function parseAuthHeader(headers: IncomingHttpHeaders): ParsedAuthorization {
  const raw = headers['authorization'];
  if (raw === undefined || raw.trim() === '') throw gatewayErrors.missingAuthenticationToken();
  const parsed = parseAuthorization(raw);
  if (!parsed) throw gatewayErrors.invalidAuthorization('cannot parse Credential, SignedHeaders, Signature');
  if (!parsed.signedHeaders.includes('x-date')) {
    throw gatewayErrors.invalidAuthorization('x-date must be among the signed headers');
  }
  return parsed;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}

/** `20240520T083000Z` → epoch ms, or null when malformed. */
export function parseXDate(xDate: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xDate);
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Checks freshness, body hash and signature exactly as the gateway does: the canonical request is
 * rebuilt over the headers the client named in SignedHeaders, the payload hash is that of the raw body.
 */
export function verifySignature(v: VerifyInput): void {
  const xDate = headerValue(v.headers, 'x-date') ?? '';
  const signedAt = parseXDate(xDate.trim());
  if (signedAt === null || Math.abs(v.realNowMs - signedAt) > v.maxSkewMs) {
    throw gatewayErrors.invalidTimestamp();
  }
  if (xDate.trim().slice(0, 8) !== v.auth.day) {
    throw gatewayErrors.invalidAuthorization('the credential scope date does not match X-Date');
  }
  const bodyHash = sha256Hex(v.rawBody);
  const claimed = headerValue(v.headers, 'x-content-sha256');
  if (claimed !== undefined && claimed.trim().toLowerCase() !== bodyHash) {
    throw gatewayErrors.signatureDoesNotMatch();
  }
  const signed: Array<[string, string]> = v.auth.signedHeaders.map((h) => [
    h,
    headerValue(v.headers, h) ?? '',
  ]);
  const { canonical } = canonicalRequest({
    method: v.method,
    path: v.path,
    query: v.query,
    signedHeaders: signed,
    payloadHash: bodyHash,
  });
  const scope = `${v.auth.day}/${v.auth.region}/${v.auth.service}/request`;
  const expected = createHmac(
    'sha256',
    signingKey(v.secretAccessKey, v.auth.day, v.auth.region, v.auth.service),
  )
    .update(stringToSign(xDate.trim(), scope, canonical), 'utf8')
    .digest();
  const given = Buffer.from(v.auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw gatewayErrors.signatureDoesNotMatch();
  }
}
