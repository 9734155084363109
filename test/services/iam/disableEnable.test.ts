import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, UpstreamError } from '../../../src/errors.js';
import { disableSubAccount } from '../../../src/services/iam/disableSubAccount.js';
import { enableSubAccount } from '../../../src/services/iam/enableSubAccount.js';
import { importSubAccount } from '../../../src/services/iam/importSubAccount.js';
import { deleteAccessKey, updateAccessKey } from '../../../src/volc/actions/accessKeys.js';
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

const seed = {
  billLagMinutes: 0,
  projects: [{ projectName: 'p1' }],
  users: [
    {
      userName: 'eve',
      accessKeys: [
        { accessKeyId: 'AKLTeveActive01', status: 'active' as const },
        { accessKeyId: 'AKLTeveInactive2', status: 'inactive' as const },
      ],
      loginProfile: { password: 'Airgate-demo-123' },
    },
    { userName: 'fay', accessKeys: [{ accessKeyId: 'AKLTfayActive001' }] },
  ],
  burns: [{ project: 'p1', user: 'eve', ratePerHour: '10', since: '2026-05-01T00:00:00Z' }],
};

describe.each(dbKinds())('disabling and enabling a sub-account (%s)', (kind) => {
  let h: IamHarness;
  let eve: SubAccountDto;
  beforeEach(async () => {
    await h?.close();
    h = await openIamHarness(kind, seed);
    eve = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'eve' }))
      .subAccount;
  });
  afterAll(() => h.close());

  const spentByEve = () => h.sim.spend().byUser.eve ?? '0';

  it('turns off every active key and the login, records exactly that, and spending stops', async () => {
    h.sim.advance(3_600_000);
    const before = spentByEve();
    expect(Number(before)).toBeGreaterThan(0);

    const r = await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id, reason: 'manual' });
    expect(r).toMatchObject({
      keysTurnedOff: ['AKLTeveActive01'],
      loginTurnedOff: true,
      alreadyDisabled: false,
    });
    expect(cloudUser(h.sim, 'eve')).toMatchObject({
      keys: { AKLTeveActive01: 'inactive', AKLTeveInactive2: 'inactive' },
      loginAllowed: false,
    });
    const stored = await subAccountByName(h.deps, 'eve');
    expect(stored).toMatchObject({
      status: 'disabled',
      disabledKeys: ['AKLTeveActive01'],
      loginDisabled: true,
      disabledReason: 'manual',
    });
    expect(await auditActions(h.deps, eve.id)).toEqual(['subaccount.import', 'subaccount.disable']);

    h.sim.advance(3 * 3_600_000);
    expect(spentByEve()).toBe(before);
    expect(cloudUser(h.sim, 'fay')?.keys).toEqual({ AKLTfayActive001: 'active' });
  });

  it('enabling restores exactly what was turned off: a key inactive before stays inactive', async () => {
    await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    const r = await enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(r).toMatchObject({
      keysRestored: ['AKLTeveActive01'],
      keysGone: [],
      loginRestored: true,
      alreadyActive: false,
    });
    expect(cloudUser(h.sim, 'eve')).toMatchObject({
      keys: { AKLTeveActive01: 'active', AKLTeveInactive2: 'inactive' },
      loginAllowed: true,
    });
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'active',
      disabledKeys: null,
      loginDisabled: false,
    });
    expect(await auditActions(h.deps, eve.id)).toEqual([
      'subaccount.import',
      'subaccount.disable',
      'subaccount.enable',
    ]);

    const again = await enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(again.alreadyActive).toBe(true);
    expect(await auditActions(h.deps, eve.id)).toHaveLength(3);
  });

  it('a recorded key deleted meanwhile stays deleted', async () => {
    await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    await deleteAccessKey(await h.deps.volc(h.accountId), {
      UserName: 'eve',
      AccessKeyId: 'AKLTeveActive01',
    });
    const r = await enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(r).toMatchObject({ keysRestored: [], keysGone: ['AKLTeveActive01'], loginRestored: true });
    expect(cloudUser(h.sim, 'eve')?.keys).toEqual({ AKLTeveInactive2: 'inactive' });
  });

  it('a disable that fails midway leaves its intent recorded; the retry re-reads Volcengine and converges', async () => {
    h.sim.setFaults({ errorRate: 1, actions: ['UpdateLoginProfile'] });
    const err = await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id }).catch(
      (e: unknown) => e,
    );
    h.sim.setFaults({ errorRate: 0, actions: [] });
    expect(err).toBeInstanceOf(UpstreamError);
    // The key went off before the login call failed; the record already names it.
    expect(cloudUser(h.sim, 'eve')).toMatchObject({
      keys: { AKLTeveActive01: 'inactive' },
      loginAllowed: true,
    });
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'disabling',
      disabledKeys: ['AKLTeveActive01'],
      loginDisabled: true,
    });

    const retry = await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(retry).toMatchObject({
      keysTurnedOff: [],
      loginTurnedOff: true,
      disabledKeys: ['AKLTeveActive01'],
    });
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'disabled',
      disabledKeys: ['AKLTeveActive01'],
    });

    await enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(cloudUser(h.sim, 'eve')).toMatchObject({
      keys: { AKLTeveActive01: 'active', AKLTeveInactive2: 'inactive' },
      loginAllowed: true,
    });
  });

  it('an enable that fails midway is finished by the next one, and a disable in between still wins', async () => {
    await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    h.sim.setFaults({ errorRate: 1, actions: ['UpdateLoginProfile'] });
    await expect(enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id })).rejects.toBeInstanceOf(
      UpstreamError,
    );
    h.sim.setFaults({ errorRate: 0, actions: [] });
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'enabling',
      disabledKeys: ['AKLTeveActive01'],
    });
    expect(cloudUser(h.sim, 'eve')?.keys.AKLTeveActive01).toBe('active');

    // The spending watch disables again before anyone retries the enable: the half-restored key goes off.
    const d = await disableSubAccount(h.deps, {
      actor: admin,
      subAccountId: eve.id,
      reason: 'quota_exhausted',
    });
    expect(d.keysTurnedOff).toEqual(['AKLTeveActive01']);
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'disabled',
      disabledKeys: ['AKLTeveActive01'],
      loginDisabled: true,
    });

    const e = await enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(e).toMatchObject({ keysRestored: ['AKLTeveActive01'], loginRestored: true });
    expect(cloudUser(h.sim, 'eve')).toMatchObject({
      keys: { AKLTeveActive01: 'active', AKLTeveInactive2: 'inactive' },
      loginAllowed: true,
    });
  });

  it('disabling again turns off a key someone switched back on by hand, keeping the first record', async () => {
    const first = await disableSubAccount(h.deps, {
      actor: admin,
      subAccountId: eve.id,
      reason: 'quota_exhausted',
    });
    expect(first.alreadyDisabled).toBe(false);
    const quiet = await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(quiet).toMatchObject({ alreadyDisabled: true, keysTurnedOff: [] });
    expect(await auditActions(h.deps, eve.id)).toEqual(['subaccount.import', 'subaccount.disable']);

    await updateAccessKey(await h.deps.volc(h.accountId), {
      UserName: 'eve',
      AccessKeyId: 'AKLTeveActive01',
      Status: 'active',
    });
    const again = await disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id, reason: 'manual' });
    expect(again).toMatchObject({ keysTurnedOff: ['AKLTeveActive01'], alreadyDisabled: false });
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'disabled',
      disabledReason: 'quota_exhausted',
      disabledKeys: ['AKLTeveActive01'],
    });
  });

  it('refuses a sub-account whose user vanished from Volcengine', async () => {
    const fay = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'fay' }))
      .subAccount;
    await h.deps.repos.subAccounts.update(h.deps.db.manager, fay.id, { status: 'missing' }, h.clock.now());
    await expect(disableSubAccount(h.deps, { actor: admin, subAccountId: fay.id })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(cloudUser(h.sim, 'fay')?.keys).toEqual({ AKLTfayActive001: 'active' });
  });

  it('two disables at once (the spending watch and an operator) both succeed and record the key once', async () => {
    const both = await Promise.all([
      disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id, reason: 'quota_exhausted' }),
      disableSubAccount(h.deps, { actor: admin, subAccountId: eve.id, reason: 'manual' }),
    ]);
    expect(both.every((r) => r.disabledKeys.join() === 'AKLTeveActive01')).toBe(true);
    expect(await subAccountByName(h.deps, 'eve')).toMatchObject({
      status: 'disabled',
      disabledKeys: ['AKLTeveActive01'],
      loginDisabled: true,
    });
    await enableSubAccount(h.deps, { actor: admin, subAccountId: eve.id });
    expect(cloudUser(h.sim, 'eve')?.keys).toEqual({
      AKLTeveActive01: 'active',
      AKLTeveInactive2: 'inactive',
    });
  });
});

describe.each(dbKinds())('AirGate running on a sub-account key of its own (%s)', (kind) => {
  let h: IamHarness;
  const own = {
    accessKeyId: 'AKLTairgateOps01',
    secretAccessKey: 'b3BzLXNlY3JldC1mb3ItYWlyZ2F0ZS1pdHNlbGY=',
  };
  beforeAll(async () => {
    h = await openIamHarness(
      kind,
      {
        users: [
          {
            userName: 'ops',
            accessKeys: [{ ...own }, { accessKeyId: 'AKLTopsPersonal1' }],
            policies: [{ policyName: 'AdministratorAccess' }],
          },
        ],
      },
      { credentials: own },
    );
  });
  afterAll(() => h.close());

  it('never turns off its own credential, even when disabling the user it belongs to (E5)', async () => {
    const ops = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'ops' }))
      .subAccount;
    const r = await disableSubAccount(h.deps, { actor: admin, subAccountId: ops.id });
    expect(r.keysTurnedOff).toEqual(['AKLTopsPersonal1']);
    expect(cloudUser(h.sim, 'ops')?.keys).toEqual({
      AKLTairgateOps01: 'active',
      AKLTopsPersonal1: 'inactive',
    });
  });
});
