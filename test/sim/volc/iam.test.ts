import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { call } from './signedCall.js';

const V2 = '2021-08-01';

describe('volc simulator: IAM and projects', () => {
  let sim: VolcSim;
  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 7,
      seed: {
        projects: [{ projectName: 'team-a', displayName: '甲组' }, { projectName: 'team-b' }],
        users: Array.from({ length: 25 }, (_, i) => ({ userName: `user${String(i).padStart(2, '0')}` })),
      },
    });
  });
  afterAll(() => sim?.close());

  it('pages users with Limit/Offset/Total and rejects a Limit above 100', async () => {
    const first = await call(sim, { action: 'ListUsers', query: { Limit: 10, Offset: 0 } });
    expect(first.result).toMatchObject({ Limit: 10, Offset: 0, Total: 25 });
    expect(first.result.UserMetadata.map((u: { UserName: string }) => u.UserName).slice(0, 2)).toEqual([
      'user00',
      'user01',
    ]);
    const last = await call(sim, { action: 'ListUsers', query: { Limit: 10, Offset: 20 } });
    expect(last.result.UserMetadata).toHaveLength(5);
    const past = await call(sim, { action: 'ListUsers', query: { Limit: 10, Offset: 30 } });
    expect(past.result).toMatchObject({ UserMetadata: [], Total: 25 });
    const dflt = await call(sim, { action: 'ListUsers' });
    expect(dflt.result.UserMetadata).toHaveLength(10);
    const tooMany = await call(sim, { action: 'ListUsers', query: { Limit: 101 } });
    expect([tooMany.status, tooMany.code]).toEqual([400, 'InvalidLimit']);
    const fuzzy = await call(sim, { action: 'ListUsers', query: { Query: 'USER1' } });
    expect(fuzzy.result.Total).toBe(10);
  });

  it('creates, renames and deletes users with the real error codes', async () => {
    const created = await call(sim, {
      action: 'CreateUser',
      query: { UserName: 'dev1', DisplayName: '开发一' },
    });
    expect(created.result.User).toMatchObject({
      UserName: 'dev1',
      DisplayName: '开发一',
      Trn: 'trn:iam::2100000001:user/dev1',
    });
    expect(created.result.User.CreateDate).toMatch(/^\d{8}T\d{6}Z$/);
    const dup = await call(sim, { action: 'CreateUser', query: { UserName: 'dev1' } });
    expect([dup.status, dup.code]).toEqual([409, 'UserAlreadyExists']);
    const bad = await call(sim, { action: 'CreateUser', query: { UserName: 'has space' } });
    expect([bad.status, bad.code]).toEqual([400, 'InvalidUserName']);
    const missing = await call(sim, { action: 'CreateUser' });
    expect([missing.status, missing.code]).toEqual([400, 'ParameterNotFound']);
    const renamed = await call(sim, {
      action: 'UpdateUser',
      query: { UserName: 'dev1', NewUserName: 'dev2' },
    });
    expect(renamed.result.User.UserName).toBe('dev2');
    const gone = await call(sim, { action: 'GetUser', query: { UserName: 'dev1' } });
    expect([gone.status, gone.code]).toEqual([404, 'UserNotExist']);
    expect((await call(sim, { action: 'DeleteUser', query: { UserName: 'dev2' } })).status).toBe(200);
    expect((await call(sim, { action: 'DeleteUser', query: { UserName: 'dev2' } })).code).toBe(
      'UserNotExist',
    );
  });

  it('allows two access keys per user, returns the secret only on creation, and toggles status', async () => {
    const k1 = await call(sim, { action: 'CreateAccessKey', query: { UserName: 'user00' } });
    expect(k1.result.AccessKey).toMatchObject({ Status: 'active', UserName: 'user00' });
    expect(k1.result.AccessKey.AccessKeyId).toMatch(/^AKLT/);
    expect(k1.result.AccessKey.SecretAccessKey).toBeTruthy();
    await call(sim, { action: 'CreateAccessKey', query: { UserName: 'user00' } });
    const third = await call(sim, { action: 'CreateAccessKey', query: { UserName: 'user00' } });
    expect([third.status, third.code]).toEqual([409, 'AccessKeyLimitExceeded']);
    const list = await call(sim, { action: 'ListAccessKeys', query: { UserName: 'user00' } });
    expect(list.result.AccessKeyMetadata).toHaveLength(2);
    expect(list.result.AccessKeyMetadata[0].SecretAccessKey).toBeUndefined();

    const id = k1.result.AccessKey.AccessKeyId as string;
    const off = await call(sim, {
      action: 'UpdateAccessKey',
      query: { UserName: 'user00', AccessKeyId: id, Status: 'inactive' },
    });
    expect(off.result).toEqual({});
    const after = await call(sim, { action: 'ListAccessKeys', query: { UserName: 'user00' } });
    expect(
      after.result.AccessKeyMetadata.find((k: { AccessKeyId: string }) => k.AccessKeyId === id).Status,
    ).toBe('inactive');
    const badStatus = await call(sim, {
      action: 'UpdateAccessKey',
      query: { UserName: 'user00', AccessKeyId: id, Status: 'paused' },
    });
    expect(badStatus.code).toBe('InvalidAccessKeyStatus');
    const otherUser = await call(sim, {
      action: 'DeleteAccessKey',
      query: { UserName: 'user01', AccessKeyId: id },
    });
    expect([otherUser.status, otherUser.code]).toEqual([404, 'AccessKeyNotExist']);
  });

  it('manages login profiles (JSON POST for create/update)', async () => {
    const none = await call(sim, { action: 'GetLoginProfile', query: { UserName: 'user02' } });
    expect([none.status, none.code]).toEqual([404, 'LoginProfileNotExist']);
    const weak = await call(sim, {
      action: 'CreateLoginProfile',
      json: { UserName: 'user02', Password: 'short' },
    });
    expect(weak.status).toBe(400);
    const made = await call(sim, {
      action: 'CreateLoginProfile',
      json: { UserName: 'user02', Password: 'Passw0rd-ok', LoginAllowed: true },
    });
    expect(made.result.LoginProfile).toMatchObject({ UserName: 'user02', LoginAllowed: true });
    expect(JSON.stringify(made.body)).not.toContain('Passw0rd-ok');
    const dup = await call(sim, {
      action: 'CreateLoginProfile',
      json: { UserName: 'user02', Password: 'Passw0rd-ok' },
    });
    expect([dup.status, dup.code]).toEqual([409, 'LoginProfileAlreadyExist']);
    const upd = await call(sim, {
      action: 'UpdateLoginProfile',
      json: { UserName: 'user02', LoginAllowed: false },
    });
    expect(upd.result.LoginProfile.LoginAllowed).toBe(false);
    expect((await call(sim, { action: 'DeleteLoginProfile', query: { UserName: 'user02' } })).status).toBe(
      200,
    );
  });

  it('lists the system policy catalogue with descriptions', async () => {
    const r = await call(sim, { action: 'ListPolicies', query: { Scope: 'System', Limit: 100 } });
    const names = r.result.PolicyMetadata.map((p: { PolicyName: string }) => p.PolicyName);
    for (const n of [
      'ArkFullAccess',
      'TOSFullAccess',
      'IAMFullAccess',
      'IAMReadOnlyAccess',
      'BillingCenterFullAccess',
      'ECSFullAccess',
      'VPCFullAccess',
      'ReadOnlyAccess',
      'AdministratorAccess',
    ]) {
      expect(names).toContain(n);
    }
    const ark = await call(sim, {
      action: 'GetPolicy',
      query: { PolicyName: 'ArkFullAccess', PolicyType: 'System' },
    });
    expect(ark.result.Policy).toMatchObject({
      PolicyTrn: 'trn:iam::policy/ArkFullAccess',
      PolicyType: 'System',
    });
    expect(ark.result.Policy.Description).toBeTruthy();
    const none = await call(sim, {
      action: 'GetPolicy',
      query: { PolicyName: 'NoSuch', PolicyType: 'System' },
    });
    expect([none.status, none.code]).toEqual([404, 'Unverified.PolicyNotExist']);
  });

  it('AttachUserPolicy ignores ProjectName and grants account-wide; AttachPolicyInProject scopes to projects', async () => {
    await call(sim, {
      action: 'AttachUserPolicy',
      query: { UserName: 'user03', PolicyName: 'TOSFullAccess', PolicyType: 'System', ProjectName: 'team-a' },
    });
    const scoped = await call(sim, {
      action: 'AttachPolicyInProject',
      version: V2,
      query: {
        PrincipalType: 'User',
        PrincipalName: 'user03',
        PolicyName: 'ArkFullAccess',
        PolicyType: 'System',
        'ProjectName.1': 'team-a',
        'ProjectName.2': 'team-b',
      },
    });
    expect(scoped.status).toBe(200);
    const list = await call(sim, { action: 'ListAttachedUserPolicies', query: { UserName: 'user03' } });
    const byName = Object.fromEntries(
      list.result.AttachedPolicyMetadata.map((p: { PolicyName: string; PolicyScope: unknown }) => [
        p.PolicyName,
        p.PolicyScope,
      ]),
    );
    expect(byName['TOSFullAccess']).toEqual([
      expect.objectContaining({ PolicyScopeType: 'Global', ProjectName: '' }),
    ]);
    expect(byName['ArkFullAccess']).toEqual([
      expect.objectContaining({
        PolicyScopeType: 'Project',
        ProjectName: 'team-a',
        ProjectDisplayName: '甲组',
      }),
      expect.objectContaining({ PolicyScopeType: 'Project', ProjectName: 'team-b' }),
    ]);
    const entities = await call(sim, {
      action: 'ListEntitiesForPolicy',
      query: { PolicyName: 'ArkFullAccess', PolicyType: 'System' },
    });
    expect(entities.result.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['user03']);

    await call(sim, {
      action: 'DetachPolicyInProject',
      version: V2,
      query: {
        PrincipalType: 'User',
        PrincipalName: 'user03',
        PolicyName: 'ArkFullAccess',
        PolicyType: 'System',
        'ProjectName.1': 'team-b',
      },
    });
    const again = await call(sim, { action: 'ListAttachedUserPolicies', query: { UserName: 'user03' } });
    const ark = again.result.AttachedPolicyMetadata.find(
      (p: { PolicyName: string }) => p.PolicyName === 'ArkFullAccess',
    );
    expect(ark.PolicyScope.map((s: { ProjectName: string }) => s.ProjectName)).toEqual(['team-a']);
    const notAttached = await call(sim, {
      action: 'DetachUserPolicy',
      query: { UserName: 'user03', PolicyName: 'ArkFullAccess', PolicyType: 'System' },
    });
    expect(notAttached.status).toBe(404);
    const noProject = await call(sim, {
      action: 'AttachPolicyInProject',
      version: V2,
      query: {
        PrincipalType: 'User',
        PrincipalName: 'user03',
        PolicyName: 'ArkFullAccess',
        PolicyType: 'System',
        'ProjectName.1': 'nope',
      },
    });
    expect([noProject.status, noProject.code]).toEqual([404, 'Unverified.ProjectNotExist']);
  });

  it('manages projects; the default project always exists and cannot be deleted', async () => {
    const list = await call(sim, { action: 'ListProjects', version: V2, query: { Limit: 2 } });
    expect(list.result).toMatchObject({ Total: 3, Limit: 2, Offset: 0 });
    expect(list.result.Projects[0]).toMatchObject({
      ProjectName: 'default',
      HasPermission: true,
      AccountID: 2100000001,
    });
    const created = await call(sim, {
      action: 'CreateProject',
      version: V2,
      query: { ProjectName: 'team-c', DisplayName: '丙组', ParentProjectName: 'team-a' },
    });
    expect(created.result).toMatchObject({ ProjectName: 'team-c', Path: '/team-a/team-c' });
    const dup = await call(sim, { action: 'CreateProject', version: V2, query: { ProjectName: 'team-c' } });
    expect([dup.status, dup.code]).toEqual([409, 'ProjectAlreadyExists']);
    const get = await call(sim, { action: 'GetProject', version: V2, query: { ProjectName: 'team-c' } });
    expect(get.result.DisplayName).toBe('丙组');
    const def = await call(sim, { action: 'DeleteProject', version: V2, query: { ProjectName: 'default' } });
    expect(def.status).toBe(400);
    expect(
      (await call(sim, { action: 'DeleteProject', version: V2, query: { ProjectName: 'team-c' } })).status,
    ).toBe(200);
    const gone = await call(sim, { action: 'GetProject', version: V2, query: { ProjectName: 'team-c' } });
    expect([gone.status, gone.code]).toEqual([404, 'Unverified.ProjectNotExist']);
  });
});
