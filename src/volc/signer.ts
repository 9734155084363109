import { createHash, createHmac } from 'node:crypto';

/**
 * Volcengine V4 request signing ("HMAC-SHA256"), byte-compatible with the official Node SDK's Signer
 * (@volcengine/openapi lib/base/sign.js). The simulator verifies with the same canonical functions,
 * rebuilt from the decoded request, over whatever header list the client named in SignedHeaders.
 */
export const ALGORITHM = 'HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Headers the Node SDK never signs. */
const UNSIGNABLE = new Set([
  'authorization',
  'content-type',
  'content-length',
  'user-agent',
  'presigned-expires',
  'expect',
]);

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined };
export type QueryInput = Record<
  string,
  string | number | boolean | Array<string | number> | undefined | null
>;

/** RFC 3986 escaping as the SDK does it: only A-Z a-z 0-9 - _ . ~ stay literal, upper-case hex. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Query as ordered [key, value] pairs (a repeated key appears once per value). */
export function queryPairs(query: QueryInput | Array<[string, string]>): Array<[string, string]> {
  if (Array.isArray(query)) return query;
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) pairs.push([k, String(item)]);
    else pairs.push([k, String(v)]);
  }
  return pairs;
}

/** Keys in JS default sort order; a repeated key's escaped values sorted too (Node SDK behaviour). */
export function canonicalQueryString(pairs: Array<[string, string]>): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const list = byKey.get(k);
    if (list) list.push(v);
    else byKey.set(k, [v]);
  }
  return [...byKey.keys()]
    .sort()
    .map((k) => {
      const key = uriEscape(k);
      return byKey
        .get(k)!
        .map(uriEscape)
        .sort()
        .map((v) => `${key}=${v}`)
        .join('&');
    })
    .join('&');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(secretAccessKey, day), region), service), 'request');
}

export function formatXDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[:-]/g, '');
}

export type CanonicalParts = {
  method: string;
  path: string;
  query: Array<[string, string]>;
  /** lower-cased header name → value, for exactly the signed headers */
  signedHeaders: Array<[string, string]>;
  payloadHash: string;
};

export function canonicalRequest(p: CanonicalParts): { canonical: string; signedHeaderList: string } {
  const headers = [...p.signedHeaders].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const canonicalHeaders = headers.map(([k, v]) => `${k}:${v.replace(/\s+/g, ' ').trim()}`).join('\n');
  const signedHeaderList = headers.map(([k]) => k).join(';');
  const canonical = [
    p.method.toUpperCase(),
    p.path || '/',
    canonicalQueryString(p.query),
    `${canonicalHeaders}\n`,
    signedHeaderList,
    p.payloadHash,
  ].join('\n');
  return { canonical, signedHeaderList };
}

export function stringToSign(xDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, xDate, scope, sha256Hex(canonical)].join('\n');
}

export type SignInput = {
  method: string;
  path?: string;
  query: QueryInput | Array<[string, string]>;
  headers?: Record<string, string>;
  body?: string | null;
  service: string;
  region: string;
  credentials: Credentials;
  date: Date;
};

export type SignResult = {
  /** every header to send: the caller's plus X-Date, X-Content-Sha256, X-Security-Token, Authorization */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
};

export function sign(input: SignInput): SignResult {
  const xDate = formatXDate(input.date);
  const day = xDate.slice(0, 8);
  const headers: Record<string, string> = { ...(input.headers ?? {}), 'X-Date': xDate };
  if (input.credentials.sessionToken) headers['X-Security-Token'] = input.credentials.sessionToken;
  const hasBody = typeof input.body === 'string' && input.body.length > 0;
  if (hasBody) headers['X-Content-Sha256'] = sha256Hex(input.body as string);

  const signed: Array<[string, string]> = Object.entries(headers)
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .filter(([k]) => !UNSIGNABLE.has(k));
  const { canonical, signedHeaderList } = canonicalRequest({
    method: input.method,
    path: input.path ?? '/',
    query: queryPairs(input.query),
    signedHeaders: signed,
    payloadHash: headers['X-Content-Sha256'] ?? EMPTY_SHA256,
  });
  const scope = `${day}/${input.region}/${input.service}/request`;
  const toSign = stringToSign(xDate, scope, canonical);
  const signature = createHmac(
    'sha256',
    signingKey(input.credentials.secretAccessKey, day, input.region, input.service),
  )
    .update(toSign, 'utf8')
    .digest('hex');
  const authorization = `${ALGORITHM} Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaderList}, Signature=${signature}`;
  headers['Authorization'] = authorization;
  return {
    headers,
    canonicalRequest: canonical,
    stringToSign: toSign,
    signedHeaders: signedHeaderList,
    signature,
    authorization,
  };
}

export type ParsedAuthorization = {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
};

/** Parses `HMAC-SHA256 Credential=AK/day/region/service/request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string): ParsedAuthorization | null {
  const m =
    /^HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]*),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
      header.trim(),
    );
  if (!m) return null;
  const cred = m[1]!.split('/');
  if (cred.length !== 5 || cred[4] !== 'request') return null;
  const [accessKeyId, day, region, service] = cred as [string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(day) || !region || !service) return null;
  return {
    accessKeyId,
    day,
    region,
    service,
    signedHeaders: m[2]!
      .split(';')
      .filter(Boolean)
      .map((h) => h.toLowerCase()),
    signature: m[3]!.toLowerCase(),
  };
}
