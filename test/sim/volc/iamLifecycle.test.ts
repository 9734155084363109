import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { call } from './signedCall.js';

const V2 = '2021-08-01';

async function settings(sim: VolcSim, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/__sim/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('volc simulator: deleting keys and users, attaching twice, IAM API keys', () => {
  let sim: VolcSim;
  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 11,
      seed: { projects: [{ projectName: 'team-a' }], users: [{ userName: 'ann' }, { userName: 'bob' }] },
    });
  });
  afterAll(() => sim?.close());

  it('refuses to delete an active access key; deletes it once inactive', async () => {
    const key = await call(sim, { action: 'CreateAccessKey', query: { UserName: 'ann' } });
    const id = key.result.AccessKey.AccessKeyId as string;
    const refused = await call(sim, {
      action: 'DeleteAccessKey',
      query: { UserName: 'ann', AccessKeyId: id },
    });
    expect([refused.status, refused.code]).toEqual([409, 'Unverified.AccessKeyStatusActive']);
    await call(sim, {
      action: 'UpdateAccessKey',
      query: { UserName: 'ann', AccessKeyId: id, Status: 'inactive' },
    });
    const ok = await call(sim, { action: 'DeleteAccessKey', query: { UserName: 'ann', AccessKeyId: id } });
    expect(ok.status).toBe(200);
  });

  it('refuses DeleteUser while the user has keys, a login profile or policies (409 UserDeleteConflictWith…)', async () => {
    const key = await call(sim, { action: 'CreateAccessKey', query: { UserName: 'bob' } });
    const id = key.result.AccessKey.AccessKeyId as string;
    await call(sim, {
      action: 'CreateLoginProfile',
      method: 'POST',
      json: { UserName: 'bob', Password: 'Passw0rd123', LoginAllowed: true },
    });
    await call(sim, {
      action: 'AttachUserPolicy',
      query: { UserName: 'bob', PolicyName: 'ArkFullAccess', PolicyType: 'System' },
    });
    const del = () => call(sim, { action: 'DeleteUser', query: { UserName: 'bob' } });
    const first = await del();
    expect([first.status, first.code]).toEqual([409, 'UserDeleteConflictWithAccessKey']);
    await call(sim, {
      action: 'UpdateAccessKey',
      query: { UserName: 'bob', AccessKeyId: id, Status: 'inactive' },
    });
    await call(sim, { action: 'DeleteAccessKey', query: { UserName: 'bob', AccessKeyId: id } });
    expect((await del()).code).toBe('UserDeleteConflictWithLoginProfile');
    await call(sim, { action: 'DeleteLoginProfile', query: { UserName: 'bob' } });
    expect((await del()).code).toBe('UserDeleteConflictWithPolicy');
    await call(sim, {
      action: 'DetachUserPolicy',
      query: { UserName: 'bob', PolicyName: 'ArkFullAccess', PolicyType: 'System' },
    });
    expect((await del()).status).toBe(200);
  });

  it('answers a repeated attach with an unverified refusal, or accepts it, as set', async () => {
    const attach = () =>
      call(sim, {
        action: 'AttachPolicyInProject',
        version: V2,
        query: {
          PrincipalType: 'User',
          PrincipalName: 'ann',
          PolicyName: 'ArkFullAccess',
          PolicyType: 'System',
          'ProjectName.1': 'team-a',
        },
      });
    expect((await attach()).status).toBe(200);
    const twice = await attach();
    expect([twice.status, twice.code]).toEqual([409, 'Unverified.PolicyAlreadyAttached']);
    await settings(sim, { refuseRepeatedAttach: false });
    expect((await attach()).status).toBe(200);
    await settings(sim, { refuseRepeatedAttach: true });
  });

  it('keeps IAM API keys per user: create (secret once), list, set inactive, delete', async () => {
    const made = await call(sim, { action: 'CreateApiKey', query: { UserName: 'ann', Name: 'ci' } });
    expect(made.result.ApiKey).toMatchObject({ Name: 'ci', Status: 'active' });
    expect(typeof made.result.ApiKey.Secret).toBe('string');
    const id = made.result.ApiKey.Id as string;
    const listed = await call(sim, { action: 'ListApiKeys', query: { UserName: 'ann', Limit: 1000 } });
    expect(listed.result.Total).toBe(1);
    expect(listed.result.ApiKeys[0]).toMatchObject({ Id: id, Status: 'active' });
    expect(listed.result.ApiKeys[0].Secret).toBeUndefined();
    await call(sim, { action: 'UpdateApiKey', query: { UserName: 'ann', Id: id, Status: 'inactive' } });
    const after = await call(sim, { action: 'ListApiKeys', query: { UserName: 'ann' } });
    expect(after.result.ApiKeys[0].Status).toBe('inactive');
    const tooFar = await call(sim, { action: 'ListApiKeys', query: { UserName: 'ann', Offset: 101 } });
    expect(tooFar.status).toBe(400);
    expect((await call(sim, { action: 'DeleteApiKey', query: { UserName: 'ann', Id: id } })).status).toBe(
      200,
    );
  });

  it('keeps the user id, keys and API keys across a rename (UpdateUser NewUserName)', async () => {
    const before = await call(sim, { action: 'GetUser', query: { UserName: 'ann' } });
    await call(sim, { action: 'CreateApiKey', query: { UserName: 'ann' } });
    const renamed = await call(sim, {
      action: 'UpdateUser',
      query: { UserName: 'ann', NewUserName: 'ann2' },
    });
    expect(renamed.result.User).toMatchObject({ UserName: 'ann2', Id: before.result.User.Id });
    const keys = await call(sim, { action: 'ListApiKeys', query: { UserName: 'ann2' } });
    expect(keys.result.Total).toBe(1);
    expect((await call(sim, { action: 'GetUser', query: { UserName: 'ann' } })).code).toBe('UserNotExist');
  });
});
