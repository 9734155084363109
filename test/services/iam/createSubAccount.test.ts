import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, UpstreamError } from '../../../src/errors.js';
import { createSubAccount } from '../../../src/services/iam/createSubAccount.js';
import { VolcClient } from '../../../src/volc/client.js';
import { VolcApiError } from '../../../src/volc/errors.js';
import { createUser, listUsers } from '../../../src/volc/actions/users.js';
import { dbKinds } from '../../support/databases.js';
import {
  admin,
  auditActions,
  cloudUser,
  fastRetry,
  openIamHarness,
  subAccountByName,
  type IamHarness,
} from './support.js';
import { refusalOf, wordsOf } from '../../errors/refusalWords.js';

describe.each(dbKinds())('creating a sub-account (%s)', (kind) => {
  let h: IamHarness;
  beforeAll(async () => {
    h = await openIamHarness(kind, { projects: [{ projectName: 'p-ml' }] });
  });
  afterAll(() => h.close());

  it('creates the user, then a working access key whose secret is returned once and stored nowhere', async () => {
    const r = await createSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'alice',
      displayName: '爱丽丝',
      ownerOpenId: 'ou_lead1',
    });
    expect(r.resumed).toBe(false);
    expect(r.subAccount).toMatchObject({
      userName: 'alice',
      displayName: '爱丽丝',
      status: 'active',
      ownerOpenId: 'ou_lead1',
    });
    expect(cloudUser(h.sim, 'alice')?.keys).toEqual({ [r.accessKeyId]: 'active' });

    // The key is a real credential: Volcengine knows it (refused for lack of a policy, not for a bad signature).
    const asAlice = new VolcClient({
      credentials: { accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey },
      endpoint: h.sim.url,
      retry: fastRetry,
    });
    const denied = await listUsers(asAlice).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(VolcApiError);
    expect((denied as VolcApiError).apiCode).toBe('AccessDenied');

    const dump = JSON.stringify(
      await Promise.all(
        ['sub_accounts', 'audit_logs', 'volc_accounts'].map((t) => h.deps.db.query(`SELECT * FROM ${t}`)),
      ),
    );
    expect(dump).toContain(r.accessKeyId);
    expect(dump).not.toContain(r.secretAccessKey);
    expect(await auditActions(h.deps, r.subAccount.id)).toEqual(['subaccount.create']);
  });

  it('adds the optional first project with the default policies in its scope only', async () => {
    const r = await createSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'bob',
      project: 'p-ml',
    });
    expect(r.projectError).toBeNull();
    expect(r.project?.attached.map((p) => p.policyName)).toEqual(['ArkFullAccess', 'TOSFullAccess']);
    expect(cloudUser(h.sim, 'bob')?.policies).toEqual(['ArkFullAccess@p-ml', 'TOSFullAccess@p-ml']);
  });

  it('refuses a first project that counts for another sub-account before creating anything (issue 16)', async () => {
    const users = h.sim.state().users.length;
    const err = await createSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'carol',
      project: 'p-ml',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(wordsOf(err)).toContain('bob');
    expect(cloudUser(h.sim, 'carol')).toBeUndefined();
    expect(h.sim.state().users.length).toBe(users);
    expect(await h.deps.db.transaction((m) => h.deps.repos.subAccounts.findByName(m, 'carol'))).toEqual([]);
  });

  it('refuses a user that already exists on Volcengine and points to importing it', async () => {
    await createUser(await h.deps.volc(h.accountId), { UserName: 'outsider' });
    const err = await createSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'outsider',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(wordsOf(err)).toMatch(/already exists/);
  });

  it('when the key cannot be created, the user stays recorded; creating again makes only the key', async () => {
    h.sim.setFaults({ errorRate: 1, actions: ['CreateAccessKey'] });
    const err = await createSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'dave',
    }).catch((e: unknown) => e);
    h.sim.setFaults({ errorRate: 0, actions: [] });
    expect(err).toBeInstanceOf(UpstreamError);
    expect(wordsOf(err)).toMatch(/created and recorded, but creating its access key failed/);
    const sub = await subAccountByName(h.deps, 'dave');
    expect(cloudUser(h.sim, 'dave')?.keys).toEqual({});

    const again = await createSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'dave' });
    expect(again.resumed).toBe(true);
    expect(again.subAccount.id).toBe(sub.id);
    expect(cloudUser(h.sim, 'dave')?.keys).toEqual({ [again.accessKeyId]: 'active' });
    expect(await auditActions(h.deps, sub.id)).toEqual(['subaccount.create', 'subaccount.create_key']);

    const third = await createSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'dave',
    }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(ConflictError);
  });

  it('refuses a malformed user name before calling Volcengine', async () => {
    h.sim.resetCalls();
    expect(
      await refusalOf(
        createSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'bad name!' }),
      ),
    ).toMatch(/user name/);
    expect(h.sim.callCount()).toBe(0);
  });
});
