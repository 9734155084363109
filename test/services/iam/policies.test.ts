import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../../src/errors.js';
import { attachPolicy, detachPolicy } from '../../../src/services/iam/attachPolicy.js';
import { importSubAccount } from '../../../src/services/iam/importSubAccount.js';
import { listPolicies, listPolicyCatalog } from '../../../src/services/iam/listPolicies.js';
import type { SubAccountDto } from '../../../src/db/repos/subAccounts.js';
import { listAudit } from '../../../src/services/audit/listAudit.js';
import { dbKinds } from '../../support/databases.js';
import { admin, auditActions, cloudUser, openIamHarness, type IamHarness } from './support.js';
import { refusalOf } from '../../errors/refusalWords.js';

describe.each(dbKinds())('attaching and detaching policies (%s)', (kind) => {
  let h: IamHarness;
  let gus: SubAccountDto;
  beforeAll(async () => {
    h = await openIamHarness(kind, {
      projects: [{ projectName: 'p1' }],
      customPolicies: [{ policyName: 'TeamBucketRead', description: 'read the team bucket' }],
      users: [{ userName: 'gus' }],
    });
    gus = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'gus' }))
      .subAccount;
  });
  afterAll(() => h.close());

  it('attaches account-wide or in one project, lists each with its scopes, and detaches', async () => {
    await attachPolicy(h.deps, { actor: admin, subAccountId: gus.id, policy: 'ReadOnlyAccess' });
    await attachPolicy(h.deps, {
      actor: admin,
      subAccountId: gus.id,
      policy: 'ArkFullAccess',
      project: 'p1',
    });
    await attachPolicy(h.deps, { actor: admin, subAccountId: gus.id, policy: 'Custom:TeamBucketRead' });
    expect(cloudUser(h.sim, 'gus')?.policies).toEqual([
      'ReadOnlyAccess@global',
      'ArkFullAccess@p1',
      'TeamBucketRead@global',
    ]);

    const listed = await listPolicies(h.deps, { subAccountId: gus.id });
    expect(listed.map((p) => [p.policyName, p.policyType, p.scopes])).toEqual([
      ['ReadOnlyAccess', 'System', [{ type: 'global' }]],
      ['ArkFullAccess', 'System', [{ type: 'project', project: 'p1' }]],
      ['TeamBucketRead', 'Custom', [{ type: 'global' }]],
    ]);

    await detachPolicy(h.deps, {
      actor: admin,
      subAccountId: gus.id,
      policy: 'ArkFullAccess',
      project: 'p1',
    });
    await detachPolicy(h.deps, {
      actor: admin,
      subAccountId: gus.id,
      policy: 'TeamBucketRead',
      policyType: 'Custom',
    });
    expect(cloudUser(h.sim, 'gus')?.policies).toEqual(['ReadOnlyAccess@global']);
    expect((await auditActions(h.deps, gus.id)).filter((a) => a.startsWith('policy.'))).toEqual([
      'policy.attach',
      'policy.attach',
      'policy.attach',
      'policy.detach',
      'policy.detach',
    ]);
  });

  it('names what is unknown: a policy, a project, a policy not attached', async () => {
    await expect(
      attachPolicy(h.deps, { actor: admin, subAccountId: gus.id, policy: 'NoSuchPolicy' }),
    ).rejects.toThrow(NotFoundError);
    expect(
      await refusalOf(
        attachPolicy(h.deps, {
          actor: admin,
          subAccountId: gus.id,
          policy: 'ArkFullAccess',
          project: 'nope',
        }),
      ),
    ).toMatch(/no such project/);
    expect(
      await refusalOf(detachPolicy(h.deps, { actor: admin, subAccountId: gus.id, policy: 'TOSFullAccess' })),
    ).toMatch(/not attached/);
    await expect(
      attachPolicy(h.deps, { actor: admin, subAccountId: gus.id, policy: 'Weird:Type' }),
    ).rejects.toThrow(UsageError);
  });

  it('lists the policies the account can grant', async () => {
    const all = await listPolicyCatalog(h.deps, { accountId: h.accountId });
    expect(all.map((p) => p.policyName)).toEqual(
      expect.arrayContaining(['ArkFullAccess', 'TOSFullAccess', 'TeamBucketRead']),
    );
    const ark = await listPolicyCatalog(h.deps, { accountId: h.accountId, query: 'ark' });
    expect(ark.every((p) => /ark/i.test(p.policyName + p.description))).toBe(true);
  });

  it('treats attaching a policy already held as done, whatever Volcengine answers, and audits the code it met', async () => {
    for (const refuse of [true, false]) {
      await fetch(`${h.sim.url}/__sim/settings`, {
        method: 'POST',
        body: JSON.stringify({ refuseRepeatedAttach: refuse }),
      });
      const input = { actor: admin, subAccountId: gus.id, policy: 'TOSFullAccess', project: 'p1' };
      await attachPolicy(h.deps, input);
      await attachPolicy(h.deps, input);
      expect(cloudUser(h.sim, 'gus')?.policies).toContain('TOSFullAccess@p1');
      await detachPolicy(h.deps, input);
      expect(cloudUser(h.sim, 'gus')?.policies).not.toContain('TOSFullAccess@p1');
      // Detaching what is not attached is refused by AirGate itself, before any call.
      await expect(detachPolicy(h.deps, input)).rejects.toThrow(NotFoundError);
    }
    const entries = await listAudit(h.deps, { targetId: gus.id, action: 'policy.attach' });
    expect(entries.map((e) => (e.after as { heldAlready?: unknown }).heldAlready).filter(Boolean)).toEqual([
      { refusedWith: 'Unverified.PolicyAlreadyAttached' },
    ]);
  });
});
