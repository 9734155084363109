import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { attachPolicy } from '../../../src/services/iam/attachPolicy.js';
import { importSubAccount } from '../../../src/services/iam/importSubAccount.js';
import { listAudit } from '../../../src/services/audit/listAudit.js';
import { policyCanSpend } from '../../../src/services/enforcement/policyReach.js';
import type { SubAccountDto } from '../../../src/db/repos/subAccounts.js';
import { dbKinds } from '../../support/databases.js';
import { admin, cloudUser, openIamHarness, type IamHarness } from './support.js';

describe('which policies can spend', () => {
  it.each([
    [undefined, true],
    ['not json', true],
    ['{"Statement":[{"Effect":"Allow","Action":["ark:*"],"Resource":["*"]}]}', true],
    ['{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}', true],
    ['{"Statement":[{"Effect":"Allow","Action":["ark:GetEndpoint","ark:CreateEndpoint"]}]}', true],
    ['{"Statement":[{"Effect":"Allow","Action":"tos:PutObject"}]}', true],
    ['{"Statement":[{"Effect":"Allow","Action":["*:Get*","*:List*","*:Describe*"]}]}', false],
    [
      '{"Statement":[{"Effect":"Allow","Action":["tos:Get*","tos:HeadObject"]},{"Effect":"Deny","Action":["*"]}]}',
      false,
    ],
  ])('%s → %s', (doc, spends) => {
    expect(policyCanSpend(doc)).toBe(spends);
  });
});

describe.each(dbKinds())('attaching a policy account-wide (%s)', (kind) => {
  let h: IamHarness;
  let sub: SubAccountDto;
  beforeAll(async () => {
    h = await openIamHarness(kind, { projects: [{ projectName: 'p1' }], users: [{ userName: 'wes' }] });
    sub = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'wes' }))
      .subAccount;
  });
  afterAll(() => h.close());

  it('refuses a policy that can spend unless confirmed, then records that its spending is not counted', async () => {
    const input = { actor: admin, subAccountId: sub.id, policy: 'ArkFullAccess' };
    await expect(attachPolicy(h.deps, input)).rejects.toThrow(UsageError);
    expect(cloudUser(h.sim, 'wes')?.policies ?? []).toEqual([]);
    const r = await attachPolicy(h.deps, { ...input, accountWide: true });
    expect(r.uncountedSpending).toBe(true);
    expect(cloudUser(h.sim, 'wes')?.policies).toEqual(['ArkFullAccess@global']);
    const audit = await listAudit(h.deps, { targetId: sub.id, action: 'policy.attach' });
    expect(audit.map((a) => (a.after as { uncountedSpending?: boolean }).uncountedSpending)).toEqual([true]);
  });

  it('attaches a read-only policy account-wide, and any policy in a project, with nothing to warn of', async () => {
    const read = await attachPolicy(h.deps, { actor: admin, subAccountId: sub.id, policy: 'ReadOnlyAccess' });
    expect(read.uncountedSpending).toBe(false);
    const scoped = await attachPolicy(h.deps, {
      actor: admin,
      subAccountId: sub.id,
      policy: 'TOSFullAccess',
      project: 'p1',
    });
    expect(scoped.uncountedSpending).toBe(false);
  });
});
