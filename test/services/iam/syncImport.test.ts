import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import { importSubAccount } from '../../../src/services/iam/importSubAccount.js';
import { syncSubAccounts } from '../../../src/services/iam/syncSubAccounts.js';
import { createUser, deleteUser, updateUser } from '../../../src/volc/actions/users.js';
import type { VolcClient } from '../../../src/volc/client.js';
import { withReader } from '../../../src/db/repos/transaction.js';
import { dbKinds } from '../../support/databases.js';
import { admin, auditActions, openIamHarness, subAccountByName, type IamHarness } from './support.js';

describe.each(dbKinds())('syncing and importing IAM users (%s)', (kind) => {
  let h: IamHarness;
  let volc: VolcClient;
  beforeAll(async () => {
    h = await openIamHarness(kind, {
      users: [
        { userName: 'ann', displayName: 'Ann' },
        { userName: 'ben', displayName: 'Ben' },
        { userName: 'cy', displayName: 'Cy' },
      ],
    });
    volc = await h.deps.volc(h.accountId);
  });
  afterAll(() => h.close());

  const statuses = async () =>
    Object.fromEntries(
      (await withReader(h.deps.db, (m) => h.deps.repos.subAccounts.list(m, { accountId: h.accountId }))).map(
        (s) => [s.userName, `${s.status}:${s.displayName}`],
      ),
    );

  it('imports one existing user, and refuses it a second time', async () => {
    const r = await importSubAccount(h.deps, {
      actor: admin,
      accountId: h.accountId,
      userName: 'ann',
      ownerOpenId: 'ou_lead',
    });
    expect(r.subAccount).toMatchObject({
      userName: 'ann',
      displayName: 'Ann',
      status: 'active',
      ownerOpenId: 'ou_lead',
    });
    expect(r.subAccount.volcUserId).toBeTruthy();
    await expect(
      importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'ann' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'nobody' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('adds new users, marks vanished ones missing, follows renames and display names, and reports it all', async () => {
    await updateUser(volc, { UserName: 'ann', NewUserName: 'anna', NewDisplayName: 'Anna' });
    const first = await syncSubAccounts(h.deps, { actor: admin, accountId: h.accountId });
    expect(first).toMatchObject({
      added: ['ben', 'cy'],
      missing: [],
      renamed: [{ from: 'ann', to: 'anna' }],
      updated: [{ userName: 'anna', from: 'Ann', to: 'Anna' }],
      total: 3,
    });
    expect(await statuses()).toEqual({ anna: 'active:Anna', ben: 'active:Ben', cy: 'active:Cy' });

    await deleteUser(volc, { UserName: 'cy' });
    await createUser(volc, { UserName: 'dee', DisplayName: 'Dee' });
    const second = await syncSubAccounts(h.deps, { actor: admin, accountId: h.accountId });
    expect(second).toMatchObject({
      added: ['dee'],
      missing: ['cy'],
      restored: [],
      renamed: [],
      updated: [],
      unchanged: 2,
    });
    expect(await statuses()).toMatchObject({ cy: 'missing:Cy', dee: 'active:Dee' });

    const audits = (await auditActions(h.deps)).filter((a) => a === 'subaccount.sync');
    const quiet = await syncSubAccounts(h.deps, { actor: admin, accountId: h.accountId });
    expect(quiet).toMatchObject({ added: [], missing: [], unchanged: 3 });
    expect((await auditActions(h.deps)).filter((a) => a === 'subaccount.sync')).toEqual(audits);
  });

  it('a missing user that is back on Volcengine comes back, by sync or by import', async () => {
    await createUser(volc, { UserName: 'cy', DisplayName: 'Cy' });
    const r = await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'cy' });
    expect(r.restored).toBe(true);
    expect((await subAccountByName(h.deps, 'cy')).status).toBe('active');

    await deleteUser(volc, { UserName: 'dee' });
    await syncSubAccounts(h.deps, { actor: admin, accountId: h.accountId });
    await createUser(volc, { UserName: 'dee' });
    const back = await syncSubAccounts(h.deps, { actor: admin, accountId: h.accountId });
    expect(back.restored).toEqual(['dee']);
    expect((await subAccountByName(h.deps, 'dee')).status).toBe('active');
  });

  it('reads every page of a long user list', async () => {
    for (let i = 0; i < 120; i++) await createUser(volc, { UserName: `bulk-${String(i).padStart(3, '0')}` });
    const r = await syncSubAccounts(h.deps, { actor: admin, accountId: h.accountId });
    expect(r.added).toHaveLength(120);
    expect(r.total).toBe(124);
  });
});
