import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type * as SdkSignModule from '@volcengine/openapi/lib/base/sign.js';
import { sign } from '../../src/volc/signer.js';

// The official SDK's Signer is the oracle (devDependency only; nothing in src/ imports it).
const require = createRequire(import.meta.url);
const SdkSigner = (require('@volcengine/openapi/lib/base/sign.js') as (typeof SdkSignModule)['default'])
  .default;

const RUNS = 1500;

const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'abcXYZ019-_.~') },
  { weight: 3, arbitrary: fc.constantFrom(...' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}') },
  { weight: 3, arbitrary: cjk },
  { weight: 2, arbitrary: ascii },
  // non-BMP (surrogate pairs), accents, full-width forms, zero-width space
  { weight: 1, arbitrary: fc.constantFrom('😀', '🚀', '𠮷', 'é', 'ß', '１', '，', '。', '\u200b') },
);
const text = (maxLength: number) => fc.string({ unit, maxLength });

// Volcengine parameter names start with a letter. (An integer-like key such as "10" would make the SDK
// order keys differently: JS objects enumerate integer keys first. No Volcengine API has one.)
const paramKey = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
    fc.string({
      unit: fc.oneof(fc.constantFrom(...'abcXYZ09_-.'), cjk, fc.constantFrom(' ', '*', '=', '&', '%')),
      maxLength: 10,
    }),
  )
  .map(([a, b]) => a + b);

type Param = { key: string; values: string[] };
const plainParam = fc.record({ key: paramKey, values: fc.array(text(16), { minLength: 1, maxLength: 1 }) });
const repeatedParam = fc.record({ key: paramKey, values: fc.array(text(8), { minLength: 2, maxLength: 4 }) });
// Key.1 … Key.N (11+ items so that Key.10 sorts before Key.2)
const listParam = fc
  .tuple(
    fc.constantFrom('ProjectName', 'Product', 'Tags', 'UserName'),
    fc.array(text(12), { minLength: 1, maxLength: 12 }),
  )
  .map(([base, values]) => values.map((v, i): Param => ({ key: `${base}.${i + 1}`, values: [v] })));

const query = fc
  .tuple(
    fc.constantFrom('ListUsers', 'CreateUser', 'AttachPolicyInProject', 'ListSplitBillDetail'),
    fc.constantFrom('2018-01-01', '2021-08-01', '2022-01-01'),
    fc.array(fc.oneof(plainParam, repeatedParam), { maxLength: 6 }),
    fc.option(listParam, { nil: undefined }),
  )
  .map(([action, version, params, list]) => {
    const all: Param[] = [
      { key: 'Action', values: [action] },
      { key: 'Version', values: [version] },
      ...params,
      ...(list ?? []),
    ];
    // one entry per key (a later duplicate key replaces the earlier one)
    return [...new Map(all.map((p) => [p.key, p])).values()];
  })
  .chain((params) => {
    const pairs = params.flatMap((p) => p.values.map((v): [string, string] => [p.key, v]));
    // our signer takes the pairs in any order
    return fc
      .shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length })
      .map((shuffled) => ({ params, shuffled }));
  });

const reservedHeaders = new Set(['x-date', 'x-security-token', 'x-content-sha256', 'authorization']);
const headerName = fc
  .tuple(fc.constantFrom('X-', 'x-', 'X-Top-'), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,10}$/))
  .map(([p, n]) => p + n)
  .filter((n) => !reservedHeaders.has(n.toLowerCase()));
const headerValue = fc.string({ unit: fc.oneof(ascii, fc.constantFrom(' ', '  ', '\t')), maxLength: 24 });
const headers = fc
  .tuple(
    fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 3, selector: ([n]) => n.toLowerCase() }),
    fc.option(fc.constantFrom('application/json; charset=utf-8', 'application/x-www-form-urlencoded'), {
      nil: undefined,
    }),
    fc.option(fc.constantFrom('open.volcengineapi.com', 'billing.volcengineapi.com', '127.0.0.1:18080'), {
      nil: undefined,
    }),
  )
  .map(([extra, contentType, host]) => {
    const h: Record<string, string> = Object.fromEntries(extra);
    if (contentType) h['Content-Type'] = contentType;
    if (host) h['Host'] = host;
    return h;
  });

const jsonBody = fc
  .dictionary(paramKey, fc.oneof(text(20), fc.integer(), fc.boolean(), fc.array(text(6), { maxLength: 3 })), {
    maxKeys: 5,
  })
  .map((o) => JSON.stringify(o));
const formBody = fc
  .array(fc.tuple(paramKey, text(12)), { maxLength: 5 })
  .map((pairs) => new URLSearchParams(pairs).toString());
const body = fc.oneof(fc.constant(null), fc.constant(''), jsonBody, formBody);

const credentials = fc.record({
  accessKeyId: fc.stringMatching(/^AKLT[A-Za-z0-9]{8,40}$/),
  secretAccessKey: fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9+/]{16,60}={0,2}$/),
    text(30).filter((s) => s.length > 0),
  ),
  sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=._-]{10,80}$/), { nil: undefined }),
});

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'get', 'post'),
  path: fc.constantFrom('/', '/', '/', '/v1/', '/a/b'),
  query,
  headers,
  body,
  service: fc.constantFrom('iam', 'billing', 'sts', 'ecs', 'ark', 'vod'),
  region: fc.constantFrom('cn-beijing', 'cn-north-1', 'ap-southeast-1', 'cn-shanghai', 'cn-guangzhou'),
  credentials,
  date: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
});

describe('signer agrees with the official SDK Signer', () => {
  it(`produces the SDK's headers for ${RUNS} random requests`, () => {
    let checked = 0;
    fc.assert(
      fc.property(request, (r) => {
        // The SDK takes a params object (a repeated key is an array); ours takes pairs in any order.
        const params: Record<string, string | string[]> = {};
        for (const p of r.query.params) params[p.key] = p.values.length === 1 ? p.values[0]! : [...p.values];

        const sdkRequest: Record<string, unknown> = {
          method: r.method,
          region: r.region,
          pathname: r.path,
          params,
          headers: { ...r.headers },
        };
        if (r.body) sdkRequest.body = r.body;
        const signer = new SdkSigner(sdkRequest as never, r.service);
        signer.addAuthorization(
          {
            accessKeyId: r.credentials.accessKeyId,
            secretKey: r.credentials.secretAccessKey,
            ...(r.credentials.sessionToken ? { sessionToken: r.credentials.sessionToken } : {}),
          },
          r.date,
        );
        const sdkHeaders = signer.request.headers as Record<string, string>;

        const ours = sign({
          method: r.method,
          path: r.path,
          query: r.query.shuffled,
          headers: { ...r.headers },
          body: r.body,
          service: r.service,
          region: r.region,
          credentials: r.credentials,
          date: r.date,
        });
        expect(ours.canonicalRequest).toBe(signer.canonicalString());
        expect(ours.authorization).toBe(sdkHeaders['Authorization']);
        expect(ours.headers).toEqual(sdkHeaders);
        checked++;
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThanOrEqual(RUNS);
  });
});
