import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VolcClient, type VolcClientOptions } from '../../src/volc/client.js';
import { VolcApiError, VolcNetworkError, VolcResponseError } from '../../src/volc/errors.js';
import { listUsers } from '../../src/volc/actions/users.js';
import { createAccessKey } from '../../src/volc/actions/accessKeys.js';
import { listBillDetail } from '../../src/volc/actions/billing.js';
import { createLogger } from '../../src/log/logger.js';
import {
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  signingKey,
  stringToSign,
} from '../../src/volc/signer.js';
import { createHmac } from 'node:crypto';

// A tiny stand-in for Volcengine that answers from a script: throttling, 5xx, garbage, slowness.
type Received = { method: string; url: URL; headers: IncomingMessage['headers']; body: string };
type Reply = (req: Received, res: ServerResponse) => void;

const credentials = { accessKeyId: 'AKLTretrytest0001', secretAccessKey: 'c2VjcmV0LXJldHJ5LXRlc3QtMDAwMQ==' };
let server: Server;
let url: string;
let script: Reply[] = [];
let fallback: Reply;
const received: Received[] = [];

const envelope = (action: string, extra: object) => ({
  ResponseMetadata: {
    RequestId: 'REQOK',
    Action: action,
    Version: '2018-01-01',
    Service: 'iam',
    Region: 'cn-beijing',
  },
  ...extra,
});
function json(status: number, body: unknown): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}
const apiError = (status: number, code: string) =>
  json(status, {
    ResponseMetadata: {
      RequestId: 'REQERR',
      Action: 'ListUsers',
      Version: '2018-01-01',
      Error: { Code: code, Message: `${code} happened` },
    },
  });
const users = (n: number) =>
  json(
    200,
    envelope('ListUsers', {
      Result: {
        UserMetadata: Array.from({ length: n }, (_, i) => ({ UserName: `u${i}`, Id: i })),
        Total: n,
        Limit: 10,
        Offset: 0,
      },
    }),
  );

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://x'),
        headers: req.headers,
        body,
      };
      received.push(r);
      (script.shift() ?? fallback)(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  received.length = 0;
  fallback = users(1);
});

function client(over: Partial<VolcClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = new VolcClient({
    credentials,
    endpoint: url,
    timeoutMs: 2000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });
  return { c, sleeps };
}

describe('Volcengine client retries', () => {
  it('rides out throttling: two 429 FlowLimitExceeded, then the users arrive', async () => {
    script = [apiError(429, 'FlowLimitExceeded'), apiError(429, 'FlowLimitExceeded'), users(3)];
    const { c, sleeps } = client();
    const r = await listUsers(c, { Limit: 10 });
    expect(r.UserMetadata.map((u) => u.UserName)).toEqual(['u0', 'u1', 'u2']);
    expect(received).toHaveLength(3);
    // full jitter: random × min(max, base × 2^(n-1)) with random 0.5 and base 200 ms
    expect(sleeps).toEqual([100, 200]);
  });

  it('rides out throttling whose code only contains FlowLimitExceeded, even on HTTP 400', async () => {
    script = [
      apiError(400, 'AccountFlowLimitExceeded'),
      apiError(400, 'FlowLimitExceeded.QPSOverLimit'),
      users(2),
    ];
    const { c } = client();
    const r = await listUsers(c, { Limit: 10 });
    expect(r.UserMetadata.map((u) => u.UserName)).toEqual(['u0', 'u1']);
    expect(received).toHaveLength(3);
  });

  it('gives up on a 5xx storm after the attempt budget with a typed, retryable error', async () => {
    fallback = apiError(500, 'InternalError');
    const { c, sleeps } = client({ retry: { maxAttempts: 4 } });
    const err = await listUsers(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolcApiError);
    const e = err as VolcApiError;
    expect([e.apiCode, e.httpStatus, e.retryable, e.attempts, e.action, e.requestId]).toEqual([
      'InternalError',
      500,
      true,
      4,
      'ListUsers',
      'REQERR',
    ]);
    expect(e.code).toBe('upstream');
    expect(e.message).toBe('ListUsers: InternalError: InternalError happened (RequestId REQERR, HTTP 500)');
    expect(received).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('stops within the time budget even with attempts left (real sleeps)', async () => {
    fallback = apiError(503, 'ServiceUnavailableTemporary');
    const slept: number[] = [];
    const c = new VolcClient({
      credentials,
      endpoint: url,
      random: () => 1,
      retry: { maxAttempts: 100, maxElapsedMs: 600, baseDelayMs: 50, maxDelayMs: 200 },
      sleep: (ms) => {
        slept.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    const err = (await listUsers(c).catch((e: unknown) => e)) as VolcApiError;
    expect(err).toBeInstanceOf(VolcApiError);
    expect(err.apiCode).toBe('ServiceUnavailableTemporary');
    // The budget, not the attempts, ended it: the waits it chose fit in 600 ms with one more attempt's
    // minimum (250 ms) and another wait did not, however fast or slow the machine answered.
    expect(err.attempts).toBe(received.length);
    expect(err.attempts).toBeGreaterThan(2);
    expect(err.attempts).toBeLessThan(10);
    expect(slept).toEqual([50, 100, 200].slice(0, err.attempts - 1));
    expect(slept.reduce((a, b) => a + b, 0) + 250).toBeLessThan(600);
  });

  it('never retries another 4xx', async () => {
    script = [apiError(400, 'InvalidParameter')];
    const { c, sleeps } = client();
    const err = (await listUsers(c).catch((e: unknown) => e)) as VolcApiError;
    expect(err).toBeInstanceOf(VolcApiError);
    expect([err.apiCode, err.httpStatus, err.retryable, err.attempts]).toEqual([
      'InvalidParameter',
      400,
      false,
      1,
    ]);
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('times out a slow answer per attempt and reports a timeout', async () => {
    fallback = (_req, res) => {
      setTimeout(() => users(1)(_req, res), 1500).unref();
    };
    const { c } = client({ timeoutMs: 150, retry: { maxAttempts: 2 } });
    const err = await listUsers(c).catch((e: unknown) => e);
    // Both attempts were given up on (the slow answers came later, if at all): two requests, one timeout each.
    expect(err).toBeInstanceOf(VolcNetworkError);
    expect((err as VolcNetworkError).kind).toBe('timeout');
    expect((err as VolcNetworkError).attempts).toBe(2);
    expect(received).toHaveLength(2);
    expect((err as Error).message).toBe('ListUsers: no answer within 150 ms');
  });

  it('retries a dropped connection', async () => {
    script = [(_req, res) => res.socket?.destroy(), users(2)];
    const { c } = client();
    const r = await listUsers(c);
    expect(r.Total).toBe(2);
    expect(received).toHaveLength(2);
  });

  it('calls an HTML 502 page a malformed answer, retried, then reported clearly', async () => {
    fallback = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    };
    const { c } = client({ retry: { maxAttempts: 3 } });
    const err = (await listUsers(c).catch((e: unknown) => e)) as VolcResponseError;
    expect(err).toBeInstanceOf(VolcResponseError);
    expect(err.message).toBe('ListUsers: malformed response (HTTP 502): the body is not JSON');
    expect(err.attempts).toBe(3);
  });

  it('names the action and the field when a required field is missing, without retrying', async () => {
    script = [
      json(
        200,
        envelope('ListUsers', { Result: { UserMetadata: [{ UserName: 'a' }, { Id: 2 }], Total: 2 } }),
      ),
    ];
    const { c } = client();
    const err = (await listUsers(c).catch((e: unknown) => e)) as VolcResponseError;
    expect(err).toBeInstanceOf(VolcResponseError);
    expect(err.message).toBe(
      'ListUsers: malformed response (HTTP 200, RequestId REQOK): Result.UserMetadata.1.UserName: required field missing',
    );
    expect(err.retryable).toBe(false);
    expect(received).toHaveLength(1);
  });

  it('refuses a number where an amount must be a decimal string, but converts RoundAmount exactly', async () => {
    const row = {
      BillPeriod: '2024-05',
      Project: 'p',
      OriginalBillAmount: '1.5',
      DiscountBillAmount: '1.4',
      PayableAmount: '1.400001',
    };
    script = [
      json(
        200,
        envelope('ListBillDetail', {
          Result: {
            List: [
              { ...row, RoundAmount: 0.1 },
              { ...row, RoundAmount: 1e-7 },
            ],
            Total: 2,
          },
        }),
      ),
      json(200, envelope('ListBillDetail', { Result: { List: [{ ...row, PayableAmount: 1.4 }], Total: 1 } })),
    ];
    const { c } = client();
    const ok = await listBillDetail(c, { BillPeriod: '2024-05', Limit: 10 });
    expect(ok.List.map((r) => [r.PayableAmount, r.RoundAmount])).toEqual([
      ['1.400001', '0.1'],
      ['1.400001', '0.0000001'],
    ]);
    const err = (await listBillDetail(c, { BillPeriod: '2024-05', Limit: 10 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(VolcResponseError);
    expect(err.message).toMatch(/^ListBillDetail: malformed response .*Result\.List\.0\.PayableAmount: /);
  });

  it('does not repeat CreateAccessKey after a 500 (it might have minted a key) but does after a 429', async () => {
    script = [apiError(500, 'InternalError')];
    const { c } = client();
    await expect(createAccessKey(c, { UserName: 'alice' })).rejects.toBeInstanceOf(VolcApiError);
    expect(received).toHaveLength(1);

    received.length = 0;
    const key = {
      AccessKeyId: 'AKLTnew',
      SecretAccessKey: 'new-secret-value-123456',
      Status: 'Active',
      UserName: 'alice',
    };
    script = [
      apiError(429, 'FlowLimitExceeded'),
      json(200, envelope('CreateAccessKey', { Result: { AccessKey: key } })),
    ];
    const created = await createAccessKey(c, { UserName: 'alice' });
    expect([created.AccessKeyId, created.Status]).toEqual(['AKLTnew', 'active']);
    expect(received).toHaveLength(2);
  });
});

describe('Volcengine client requests', () => {
  it('sends a signature the receiving side can verify, with Chinese and reserved characters intact', async () => {
    const { c } = client();
    await c.callRaw({
      action: 'CreateUser',
      version: '2018-01-01',
      service: 'iam',
      method: 'GET',
      paramsIn: 'query',
      params: {
        UserName: 'zhang.san',
        DisplayName: '张三 (测试) a+b=c&d/e*f~',
        Tags: [{ Key: 'team', Value: '数据' }],
      },
    });
    const r = received[0]!;
    expect(Object.fromEntries(r.url.searchParams)).toEqual({
      Action: 'CreateUser',
      Version: '2018-01-01',
      UserName: 'zhang.san',
      DisplayName: '张三 (测试) a+b=c&d/e*f~',
      'Tags.1.Key': 'team',
      'Tags.1.Value': '数据',
    });
    expect(verify(r)).toBe(true);
  });

  it('posts billing actions as signed JSON to the billing service scope', async () => {
    const { c } = client();
    fallback = json(200, envelope('ListBillDetail', { Result: { List: [], Total: 0 } }));
    await listBillDetail(c, {
      BillPeriod: '2024-05',
      Limit: 300,
      Offset: 0,
      GroupPeriod: 1,
      Project: ['p1', 'p2'],
    });
    const r = received[0]!;
    expect(r.method).toBe('POST');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual({
      BillPeriod: '2024-05',
      Limit: 300,
      Offset: 0,
      GroupPeriod: 1,
      Project: ['p1', 'p2'],
    });
    expect(parseAuthorization(String(r.headers.authorization))?.service).toBe('billing');
    expect(verify(r)).toBe(true);
  });

  it('logs each call at debug with action, status, time and request id, and never the secret or signature', async () => {
    const lines: string[] = [];
    const log = createLogger(
      'debug',
      new Writable({
        write(chunk, _e, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    script = [apiError(429, 'FlowLimitExceeded'), users(1)];
    const { c } = client({ log });
    await listUsers(c);
    await new Promise((r) => setTimeout(r, 20));
    const calls = lines.map((l) => JSON.parse(l) as { level: string; volc: Record<string, unknown> });
    expect(calls.map((l) => [l.level, l.volc.action, l.volc.status, l.volc.attempt])).toEqual([
      ['debug', 'ListUsers', 429, 1],
      ['debug', 'ListUsers', 200, 2],
    ]);
    expect(typeof calls[1]!.volc.ms).toBe('number');
    expect(calls[1]!.volc.requestId).toBe('REQOK');
    const all = lines.join('');
    const signature = parseAuthorization(String(received[1]!.headers.authorization))!.signature;
    expect(all).not.toContain(credentials.secretAccessKey);
    expect(all).not.toContain(signature);
  });
});

/** The check a Volcengine gateway makes, from the decoded request. */
function verify(r: Received): boolean {
  const auth = parseAuthorization(String(r.headers.authorization));
  if (!auth) return false;
  const { canonical } = canonicalRequest({
    method: r.method,
    path: r.url.pathname,
    query: [...r.url.searchParams],
    signedHeaders: auth.signedHeaders.map((h) => [h, String(r.headers[h])]),
    payloadHash: sha256Hex(r.body),
  });
  const xDate = String(r.headers['x-date']);
  const toSign = stringToSign(xDate, `${auth.day}/${auth.region}/${auth.service}/request`, canonical);
  const expected = createHmac(
    'sha256',
    signingKey(credentials.secretAccessKey, auth.day, auth.region, auth.service),
  )
    .update(toSign)
    .digest('hex');
  return expected === auth.signature;
}
