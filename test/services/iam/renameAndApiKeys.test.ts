import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import { disableSubAccount } from '../../../src/services/iam/disableSubAccount.js';
import { enableSubAccount } from '../../../src/services/iam/enableSubAccount.js';
import { importSubAccount } from '../../../src/services/iam/importSubAccount.js';
import { createApiKey, listAllApiKeys, updateApiKey } from '../../../src/volc/actions/apiKeys.js';
import { createUser, deleteUser, updateUser } from '../../../src/volc/actions/users.js';
import { updateAccessKey, deleteAccessKey } from '../../../src/volc/actions/accessKeys.js';
import type { SubAccountDto } from '../../../src/db/repos/subAccounts.js';
import { dbKinds } from '../../support/databases.js';
import {
  admin,
  auditActions,
  cloudUser,
  openIamHarness,
  subAccountByName,
  type IamHarness,
} from './support.js';
import { wordsOf } from '../../errors/refusalWords.js';

const seed = {
  billLagMinutes: 0,
  projects: [{ projectName: 'p1' }],
  users: [{ userName: 'ida', accessKeys: [{ accessKeyId: 'AKLTidaActive001' }] }],
  burns: [{ project: 'p1', user: 'ida', ratePerHour: '10', since: '2026-05-01T00:00:00Z' }],
};

describe.each(dbKinds())('enforcement follows the IAM user by id and covers its API keys (%s)', (kind) => {
  let h: IamHarness;
  let ida: SubAccountDto;
  beforeEach(async () => {
    await h?.close();
    h = await openIamHarness(kind, seed);
    ida = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'ida' }))
      .subAccount;
  });
  afterAll(() => h.close());

  const volc = () => h.deps.volc(h.accountId);

  it('disables a user renamed on Volcengine, records the new name, and enables it again', async () => {
    await updateUser(await volc(), { UserName: 'ida', NewUserName: 'ida-renamed' });
    // Someone else now answers to the old name: never theirs to disable.
    await createUser(await volc(), { UserName: 'ida' });
    const r = await disableSubAccount(h.deps, {
      actor: admin,
      subAccountId: ida.id,
      reason: 'quota_exhausted',
    });
    expect(r.keysTurnedOff).toEqual(['AKLTidaActive001']);
    expect(cloudUser(h.sim, 'ida-renamed')?.keys).toEqual({ AKLTidaActive001: 'inactive' });
    expect(r.subAccount.userName).toBe('ida-renamed');
    expect((await subAccountByName(h.deps, 'ida-renamed')).id).toBe(ida.id);
    expect(await auditActions(h.deps, ida.id)).toContain('subaccount.rename');
    // Spending stops under the new name too.
    h.sim.advance(3_600_000);
    const spent = h.sim.spend().byUser['ida-renamed'];
    h.sim.advance(3_600_000);
    expect(h.sim.spend().byUser['ida-renamed']).toBe(spent);

    await updateUser(await volc(), { UserName: 'ida-renamed', NewUserName: 'ida3' });
    const e = await enableSubAccount(h.deps, { actor: admin, subAccountId: ida.id });
    expect(e.keysRestored).toEqual(['AKLTidaActive001']);
    expect(cloudUser(h.sim, 'ida3')?.keys).toEqual({ AKLTidaActive001: 'active' });
  });

  it('says the user is gone (not "run a sync" forever) when no user has its id any more', async () => {
    const c = await volc();
    await updateAccessKey(c, { UserName: 'ida', AccessKeyId: 'AKLTidaActive001', Status: 'inactive' });
    await deleteAccessKey(c, { UserName: 'ida', AccessKeyId: 'AKLTidaActive001' });
    await deleteUser(c, { UserName: 'ida' });
    const err = await disableSubAccount(h.deps, { actor: admin, subAccountId: ida.id }).catch(
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(wordsOf(err)).toContain(`id ${ida.volcUserId}`);
  });

  it('turns the active IAM API keys off with the access keys, restores exactly those, and repairs drift', async () => {
    const c = await volc();
    const live = await createApiKey(c, { UserName: 'ida', Name: 'ci' });
    const off = await createApiKey(c, { UserName: 'ida', Name: 'old' });
    await updateApiKey(c, { UserName: 'ida', Id: off.Id, Status: 'inactive' });
    const status = async () =>
      Object.fromEntries((await listAllApiKeys(c, { UserName: 'ida' })).map((k) => [k.Id, k.Status]));

    const r = await disableSubAccount(h.deps, {
      actor: admin,
      subAccountId: ida.id,
      reason: 'quota_exhausted',
    });
    expect(r.apiKeysTurnedOff).toEqual([live.Id]);
    expect(r.disabledApiKeys).toEqual([live.Id]);
    expect(await status()).toEqual({ [live.Id]: 'inactive', [off.Id]: 'inactive' });

    // Switched back on by hand: the next disable (drift repair) turns it off again, recording nothing new.
    await updateApiKey(c, { UserName: 'ida', Id: live.Id, Status: 'active' });
    const again = await disableSubAccount(h.deps, {
      actor: admin,
      subAccountId: ida.id,
      reason: 'quota_exhausted',
    });
    expect(again.apiKeysTurnedOff).toEqual([live.Id]);
    expect(await status()).toEqual({ [live.Id]: 'inactive', [off.Id]: 'inactive' });

    const e = await enableSubAccount(h.deps, { actor: admin, subAccountId: ida.id });
    expect(e.apiKeysRestored).toEqual([live.Id]);
    expect(await status()).toEqual({ [live.Id]: 'active', [off.Id]: 'inactive' });
    expect(e.subAccount.disabledApiKeys).toBeNull();
  });
});
