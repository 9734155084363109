import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient } from '../../src/volc/client.js';
import { VolcApiError } from '../../src/volc/errors.js';
import {
  createUser,
  deleteUser,
  getUser,
  listAllUsers,
  listUsers,
  updateUser,
  userPages,
} from '../../src/volc/actions/users.js';
import {
  createAccessKey,
  deleteAccessKey,
  listAccessKeys,
  updateAccessKey,
} from '../../src/volc/actions/accessKeys.js';
import {
  createLoginProfile,
  deleteLoginProfile,
  getLoginProfile,
  updateLoginProfile,
} from '../../src/volc/actions/loginProfiles.js';
import {
  attachUserPolicy,
  detachUserPolicy,
  getPolicy,
  listAllPolicies,
  listAttachedUserPolicies,
  listPolicies,
} from '../../src/volc/actions/policies.js';
import {
  attachPolicyInProject,
  createProject,
  deleteProject,
  detachPolicyInProject,
  getProject,
  listAllProjects,
  listProjects,
  updateProject,
} from '../../src/volc/actions/projects.js';

const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };
const apiError = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a VolcApiError');
    },
    (e: unknown) => {
      if (!(e instanceof VolcApiError)) throw e;
      return e;
    },
  );

describe('IAM and project actions against the simulator', () => {
  let sim: VolcSim;
  let c: VolcClient;
  beforeAll(async () => {
    sim = await startVolcSim({ rngSeed: 7, seed: { projects: [{ projectName: 'proj-a' }] } });
    c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: fastRetry });
  });
  afterAll(() => sim.close());

  it('creates, reads, renames and lists a user with a Chinese display name', async () => {
    const created = await createUser(c, {
      UserName: 'zhang.san',
      DisplayName: '张三 (数据组)',
      Description: 'a+b=c & d/e',
      Tags: [{ Key: 'team', Value: '数据' }],
    });
    expect([created.UserName, created.DisplayName, created.Description]).toEqual([
      'zhang.san',
      '张三 (数据组)',
      'a+b=c & d/e',
    ]);
    expect((await getUser(c, { UserName: 'zhang.san' })).DisplayName).toBe('张三 (数据组)');
    const updated = await updateUser(c, {
      UserName: 'zhang.san',
      NewUserName: 'zhangsan',
      NewDisplayName: '张三',
    });
    expect([updated.UserName, updated.DisplayName]).toEqual(['zhangsan', '张三']);
    const list = await listUsers(c, { Limit: 10 });
    expect(list.UserMetadata.map((u) => u.UserName)).toEqual(['zhangsan']);
    expect(list.Total).toBe(1);
  });

  it('reports a duplicate and a missing user with their Volcengine codes, without retrying', async () => {
    sim.resetCalls();
    const dup = await apiError(createUser(c, { UserName: 'zhangsan' }));
    expect([dup.apiCode, dup.httpStatus, dup.retryable, dup.attempts]).toEqual([
      'UserAlreadyExists',
      409,
      false,
      1,
    ]);
    const missing = await apiError(getUser(c, { UserName: 'nobody' }));
    expect([missing.apiCode, missing.httpStatus, missing.action]).toEqual(['UserNotExist', 404, 'GetUser']);
    expect(missing.requestId).toMatch(/^\w{20,}$/);
    expect(sim.callCount('CreateUser') + sim.callCount('GetUser')).toBe(2);
  });

  it('creates, lists, deactivates and deletes access keys', async () => {
    const key = await createAccessKey(c, { UserName: 'zhangsan' });
    expect(key.SecretAccessKey.length).toBeGreaterThan(10);
    expect(key.Status).toBe('active');
    let keys = await listAccessKeys(c, { UserName: 'zhangsan' });
    expect(keys.map((k) => [k.AccessKeyId, k.Status])).toEqual([[key.AccessKeyId, 'active']]);
    expect(JSON.stringify(keys)).not.toContain(key.SecretAccessKey);
    await updateAccessKey(c, { UserName: 'zhangsan', AccessKeyId: key.AccessKeyId, Status: 'inactive' });
    keys = await listAccessKeys(c, { UserName: 'zhangsan' });
    expect(keys.map((k) => k.Status)).toEqual(['inactive']);
    await deleteAccessKey(c, { UserName: 'zhangsan', AccessKeyId: key.AccessKeyId });
    expect(await listAccessKeys(c, { UserName: 'zhangsan' })).toEqual([]);
  });

  it('manages a console login profile over POST JSON', async () => {
    const created = await createLoginProfile(c, {
      UserName: 'zhangsan',
      Password: 'Airgate-Test-123!',
      LoginAllowed: true,
      PasswordResetRequired: false,
    });
    expect([created.UserName, created.LoginAllowed]).toEqual(['zhangsan', true]);
    const updated = await updateLoginProfile(c, { UserName: 'zhangsan', LoginAllowed: false });
    expect(updated.LoginAllowed).toBe(false);
    expect((await getLoginProfile(c, { UserName: 'zhangsan' })).LoginAllowed).toBe(false);
    expect(JSON.stringify(await getLoginProfile(c, { UserName: 'zhangsan' }))).not.toContain(
      'Airgate-Test-123!',
    );
    await deleteLoginProfile(c, { UserName: 'zhangsan' });
    const gone = await apiError(getLoginProfile(c, { UserName: 'zhangsan' }));
    expect(gone.httpStatus).toBe(404);
  });

  it('lists the system policy catalogue and attaches a policy account-wide', async () => {
    const all: string[] = [];
    for await (const p of listAllPolicies(c, { Scope: 'System', pageSize: 5 })) all.push(p.PolicyName);
    expect(all).toEqual(expect.arrayContaining(['ArkFullAccess', 'TOSFullAccess', 'IAMReadOnlyAccess']));
    expect(new Set(all).size).toBe(all.length);
    expect((await listPolicies(c, { Scope: 'System', Limit: 5 })).Total).toBe(all.length);
    expect((await getPolicy(c, { PolicyName: 'ArkFullAccess', PolicyType: 'System' })).PolicyType).toBe(
      'System',
    );

    await attachUserPolicy(c, { UserName: 'zhangsan', PolicyName: 'TOSFullAccess', PolicyType: 'System' });
    const attached = await listAttachedUserPolicies(c, { UserName: 'zhangsan' });
    expect(attached.map((p) => p.PolicyName)).toEqual(['TOSFullAccess']);
    await detachUserPolicy(c, { UserName: 'zhangsan', PolicyName: 'TOSFullAccess', PolicyType: 'System' });
    expect(await listAttachedUserPolicies(c, { UserName: 'zhangsan' })).toEqual([]);
  });

  it('manages projects and scopes a policy to two of them (2021-08-01, ProjectName.N)', async () => {
    const created = await createProject(c, { ProjectName: 'proj-b', DisplayName: '项目乙' });
    expect([created.ProjectName, created.DisplayName]).toEqual(['proj-b', '项目乙']);
    await updateProject(c, { ProjectName: 'proj-b', DisplayName: '项目乙 v2' });
    expect((await getProject(c, { ProjectName: 'proj-b' })).DisplayName).toBe('项目乙 v2');
    const names: string[] = [];
    for await (const p of listAllProjects(c, { pageSize: 1 })) names.push(p.ProjectName);
    expect(names.sort()).toEqual(['default', 'proj-a', 'proj-b']);
    expect((await listProjects(c, { Limit: 1 })).Total).toBe(3);

    const grant = {
      PrincipalType: 'User' as const,
      PrincipalName: 'zhangsan',
      PolicyName: 'ArkFullAccess',
      PolicyType: 'System' as const,
      ProjectName: ['proj-a', 'proj-b'],
    };
    await attachPolicyInProject(c, grant);
    const [ark] = await listAttachedUserPolicies(c, { UserName: 'zhangsan' });
    expect(ark?.PolicyName).toBe('ArkFullAccess');
    expect(ark?.PolicyScope.map((s) => s.ProjectName).sort()).toEqual(['proj-a', 'proj-b']);
    await detachPolicyInProject(c, { ...grant, ProjectName: ['proj-a'] });
    const [after] = await listAttachedUserPolicies(c, { UserName: 'zhangsan' });
    expect(after?.PolicyScope.map((s) => s.ProjectName)).toEqual(['proj-b']);
    await detachPolicyInProject(c, { ...grant, ProjectName: ['proj-b'] });
    await deleteProject(c, { ProjectName: 'proj-b' });
    expect((await apiError(getProject(c, { ProjectName: 'proj-b' }))).httpStatus).toBe(404);
  });

  it("acts with a sub-account's own key until that key is deactivated", async () => {
    await createUser(c, { UserName: 'reader' });
    await attachUserPolicy(c, { UserName: 'reader', PolicyName: 'IAMReadOnlyAccess', PolicyType: 'System' });
    const key = await createAccessKey(c, { UserName: 'reader' });
    const reader = c.withCredentials({ accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
    expect((await listUsers(reader)).Total).toBe(2);
    await updateAccessKey(c, { UserName: 'reader', AccessKeyId: key.AccessKeyId, Status: 'inactive' });
    const denied = await apiError(listUsers(reader));
    expect([denied.apiCode, denied.httpStatus, denied.attempts]).toEqual(['InvalidAccessKey', 401, 1]);
  });

  it('deletes a user', async () => {
    await deleteUser(c, { UserName: 'zhangsan' });
    expect((await apiError(getUser(c, { UserName: 'zhangsan' }))).apiCode).toBe('UserNotExist');
  });
});

describe('signature errors', () => {
  let sim: VolcSim;
  beforeAll(async () => {
    sim = await startVolcSim({ rngSeed: 8 });
  });
  afterAll(() => sim.close());

  it('a wrong secret gets SignatureDoesNotMatch once, never retried, and the secret is not in the error', async () => {
    const wrong = 'd3Jvbmctc2VjcmV0LWZvci10ZXN0aW5n';
    const c = new VolcClient({
      credentials: { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: wrong },
      endpoint: sim.url,
    });
    sim.resetCalls();
    const err = await apiError(listUsers(c));
    expect([err.apiCode, err.httpStatus, err.retryable, err.attempts]).toEqual([
      'SignatureDoesNotMatch',
      401,
      false,
      1,
    ]);
    expect(sim.callCount('ListUsers')).toBe(1);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(wrong);
  });

  it('an unknown access key gets InvalidAccessKey', async () => {
    const c = new VolcClient({
      credentials: { accessKeyId: 'AKLTunknownkey000', secretAccessKey: sim.credentials.secretAccessKey },
      endpoint: sim.url,
    });
    const err = await apiError(listUsers(c));
    expect([err.apiCode, err.httpStatus]).toEqual(['InvalidAccessKey', 401]);
  });
});

describe('pagination', () => {
  let sim: VolcSim;
  beforeAll(async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({
      userName: `user-${String(i).padStart(4, '0')}`,
    }));
    sim = await startVolcSim({ rngSeed: 9, seed: { users } });
  });
  afterAll(() => sim.close());

  it('lists all 1,000 users, 100 a page, each exactly once', async () => {
    const c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });
    sim.resetCalls();
    const names: string[] = [];
    for await (const u of listAllUsers(c)) names.push(u.UserName);
    expect(names).toHaveLength(1000);
    expect(new Set(names).size).toBe(1000);
    expect(names).toContain('user-0000');
    expect(names).toContain('user-0999');
    expect(sim.callCount('ListUsers')).toBe(10);
  });

  it('pages by the size asked for, and a Query narrows the list', async () => {
    const c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });
    const sizes: number[] = [];
    for await (const page of userPages(c, { pageSize: 40, Query: 'user-00' })) sizes.push(page.items.length);
    expect(sizes).toEqual([40, 40, 20]);
  });

  it('an IAM page larger than 100 is refused with InvalidLimit', async () => {
    const c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });
    const err = await apiError(listUsers(c, { Limit: 101 }));
    expect([err.apiCode, err.httpStatus]).toEqual(['InvalidLimit', 400]);
  });
});
