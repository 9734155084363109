import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../../src/volc/signer.js';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { call } from './signedCall.js';

type ErrorBody = { ResponseMetadata: { Error: { Code: string; Message: string; CodeN?: number } } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).ResponseMetadata.Error;

describe('volc simulator: signature checks', () => {
  let sim: VolcSim;
  const alice = { accessKeyId: 'AKLTalice0000000000000001', secretAccessKey: 'alice-secret' };
  const bob = { accessKeyId: 'AKLTbob00000000000000001', secretAccessKey: 'bob-secret' };
  const carol = { accessKeyId: 'AKLTcarol000000000000001', secretAccessKey: 'carol-secret' };

  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 1,
      seed: {
        users: [
          { userName: 'alice', accessKeys: [{ ...alice }], policies: [{ policyName: 'IAMReadOnlyAccess' }] },
          { userName: 'bob', accessKeys: [{ ...bob, status: 'inactive' }] },
          {
            userName: 'carol',
            accessKeys: [{ ...carol }],
            policies: [{ policyName: 'IAMFullAccess', projects: ['default'] }],
          },
        ],
      },
    });
  });
  afterAll(() => sim?.close());

  const raw = (path: string, init: RequestInit = {}) => fetch(`${sim.url}${path}`, init);

  it('accepts a correctly signed request from the main account', async () => {
    const r = await call(sim, { action: 'ListUsers' });
    expect(r.status).toBe(200);
    expect(r.body.ResponseMetadata).toMatchObject({
      Action: 'ListUsers',
      Version: '2018-01-01',
      Service: 'iam',
      Region: 'cn-beijing',
    });
    expect(r.body.ResponseMetadata.RequestId).toMatch(/^\d{14}[0-9A-F]{18}$/);
    expect(r.result.Total).toBe(3);
  });

  it('answers 401 MissingAuthenticationToken without an Authorization header', async () => {
    const res = await raw('/?Action=ListUsers&Version=2018-01-01');
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ Code: 'MissingAuthenticationToken', CodeN: 100003 });
  });

  it('answers 400 InvalidAuthorization for a malformed header or one that does not sign x-date', async () => {
    const res = await raw('/?Action=ListUsers&Version=2018-01-01', {
      headers: { Authorization: 'HMAC-SHA256 garbage' },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).Code).toBe('InvalidAuthorization');

    const s = sign({
      method: 'GET',
      query: { Action: 'ListUsers', Version: '2018-01-01' },
      service: 'iam',
      region: 'cn-beijing',
      credentials: sim.credentials,
      date: new Date(),
    });
    const noDate = s.authorization.replace('SignedHeaders=x-date', 'SignedHeaders=host');
    const res2 = await raw('/?Action=ListUsers&Version=2018-01-01', {
      headers: { ...s.headers, Authorization: noDate },
    });
    expect(res2.status).toBe(400);
    expect((await errorOf(res2)).Code).toBe('InvalidAuthorization');
  });

  it('answers 400 MissingParameter when Action or Version is absent', async () => {
    const s = sign({
      method: 'GET',
      query: { Version: '2018-01-01' },
      service: 'iam',
      region: 'cn-beijing',
      credentials: sim.credentials,
      date: new Date(),
    });
    const res = await raw('/?Version=2018-01-01', { headers: s.headers });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({
      Code: 'MissingParameter',
      Message: 'The request is missing Action parameter.',
    });
  });

  it('answers 401 InvalidAccessKey for an unknown key and for an inactive sub-account key', async () => {
    const unknown = await call(sim, {
      action: 'ListUsers',
      credentials: { accessKeyId: 'AKLTnobody', secretAccessKey: 'x' },
    });
    expect([unknown.status, unknown.code]).toEqual([401, 'InvalidAccessKey']);
    const inactive = await call(sim, { action: 'ListUsers', credentials: bob });
    expect([inactive.status, inactive.code]).toEqual([401, 'InvalidAccessKey']);
  });

  it('answers 401 SignatureDoesNotMatch for a wrong secret, a tampered query or a body that does not match X-Content-Sha256', async () => {
    const wrong = await call(sim, {
      action: 'ListUsers',
      credentials: { ...sim.credentials, secretAccessKey: 'wrong' },
    });
    expect([wrong.status, wrong.code]).toEqual([401, 'SignatureDoesNotMatch']);

    const s = sign({
      method: 'GET',
      query: { Action: 'ListUsers', Version: '2018-01-01', Limit: '5' },
      service: 'iam',
      region: 'cn-beijing',
      credentials: sim.credentials,
      date: new Date(),
    });
    const tampered = await raw('/?Action=ListUsers&Version=2018-01-01&Limit=50', { headers: s.headers });
    expect(tampered.status).toBe(401);
    expect((await errorOf(tampered)).Code).toBe('SignatureDoesNotMatch');

    const body = JSON.stringify({ BillPeriod: '2026-01', Limit: 10 });
    const sb = sign({
      method: 'POST',
      query: { Action: 'ListBill', Version: '2022-01-01' },
      body,
      service: 'billing',
      region: 'cn-north-1',
      credentials: sim.credentials,
      date: new Date(),
    });
    const swapped = await raw('/?Action=ListBill&Version=2022-01-01', {
      method: 'POST',
      headers: { ...sb.headers, 'Content-Type': 'application/json' },
      body: body.replace('10', '20'),
    });
    expect(swapped.status).toBe(401);
    expect((await errorOf(swapped)).Code).toBe('SignatureDoesNotMatch');
  });

  it('answers 400 InvalidTimestamp for an X-Date outside ±15 minutes, whatever the virtual clock says', async () => {
    const old = await call(sim, { action: 'ListUsers', date: new Date(Date.now() - 16 * 60_000) });
    expect([old.status, old.code]).toEqual([400, 'InvalidTimestamp']);
    const future = await call(sim, { action: 'ListUsers', date: new Date(Date.now() + 16 * 60_000) });
    expect(future.code).toBe('InvalidTimestamp');
    const fresh = await call(sim, { action: 'ListUsers', date: new Date(Date.now() - 14 * 60_000) });
    expect(fresh.status).toBe(200);
  });

  it('answers 404 InvalidActionOrVersion for an unknown action, a wrong version or the wrong service scope', async () => {
    const unknown = await call(sim, { action: 'ListUnicorns' });
    expect([unknown.status, unknown.code]).toEqual([404, 'InvalidActionOrVersion']);
    const version = await call(sim, { action: 'ListUsers', version: '2021-08-01' });
    expect(version.code).toBe('InvalidActionOrVersion');
    const scope = await call(sim, { action: 'ListUsers', service: 'billing', version: '2018-01-01' });
    expect(scope.code).toBe('InvalidActionOrVersion');
    const service = await call(sim, { action: 'DescribeInstances', service: 'ecs', version: '2020-04-01' });
    expect([service.status, service.code]).toEqual([404, 'ServiceNotFound']);
  });

  it('rebuilds the canonical query from decoded parameters (Chinese, reserved characters, signed Host)', async () => {
    const query = { Action: 'ListUsers', Version: '2018-01-01', Query: "张三 (it's)*!~" };
    const s = sign({
      method: 'GET',
      query,
      headers: { Host: new URL(sim.url).host },
      service: 'iam',
      region: 'cn-north-1',
      credentials: sim.credentials,
      date: new Date(),
    });
    expect(s.signedHeaders).toBe('host;x-date');
    // Node's querystring leaves !'()* unescaped, as the official SDK sends them.
    const qs = "Action=ListUsers&Version=2018-01-01&Query=%E5%BC%A0%E4%B8%89%20(it's)*!~";
    const res = await raw(`/?${qs}`, { headers: s.headers });
    expect(res.status).toBe(200);
  });

  it('takes parameters from a form body too', async () => {
    const r = await call(sim, { action: 'GetUser', form: { UserName: 'alice' } });
    expect(r.status).toBe(200);
    expect(r.result.User.UserName).toBe('alice');
  });

  it('treats sub-account keys as real credentials, limited by their globally attached policies', async () => {
    const list = await call(sim, { action: 'ListUsers', credentials: alice });
    expect(list.status).toBe(200);
    const write = await call(sim, {
      action: 'CreateUser',
      query: { UserName: 'mallory' },
      credentials: alice,
    });
    expect([write.status, write.code]).toEqual([403, 'AccessDenied']);
    // IAM is a global service: a project-scoped IAMFullAccess grants nothing there.
    const scoped = await call(sim, { action: 'ListUsers', credentials: carol });
    expect([scoped.status, scoped.code]).toEqual([403, 'AccessDenied']);
  });
});
