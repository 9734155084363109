import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { dbKinds } from '../support/databases.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

const ops = { kind: 'cli', osUser: 'ops' } as const;

describe.each(dbKinds())('REST API sub-accounts on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  let account: { id: string; name: string };
  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read'])).key;
    account = await givenAccount(h.deps, 'main-a');
    const alice = await givenSubAccount(h.deps, {
      userName: 'alice',
      accountId: account.id,
      projects: { web: '30.10', batch: '0.000001', legacy: '500' },
      unmonitored: ['legacy'],
    });
    await allocateQuota(h.deps, {
      actor: ops,
      subAccountId: alice.id,
      amount: parseAmount('100.10'),
      note: '',
      requestId: 'a1',
    });
    await allocateQuota(h.deps, {
      actor: ops,
      subAccountId: alice.id,
      amount: parseAmount('0.20'),
      note: '',
      requestId: 'a2',
    });
    await givenSubAccount(h.deps, { userName: 'bob', accountId: account.id, projects: { api: '5' } });
  });
  afterAll(async () => h?.close());

  it('shows one sub-account with quota, spent, remaining and percent as exact decimal strings', async () => {
    const res = await h.call('/api/v1/subaccounts/alice', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      name: 'alice',
      account: 'main-a',
      status: 'active',
      quota: '100.3',
      spent: '30.100001',
      remaining: '70.199999',
      percent: '30.01',
      exhausted: false,
      thresholds: [50, 80, 90],
    });
    expect(res.body.projects).toEqual([
      {
        name: 'batch',
        monitored: true,
        countsFrom: '2026-05-01',
        spent: '0.000001',
        spentUpdatedAt: expect.any(String),
      },
      {
        name: 'legacy',
        monitored: false,
        countsFrom: '2026-05-01',
        spent: '500',
        spentUpdatedAt: expect.any(String),
      },
      {
        name: 'web',
        monitored: true,
        countsFrom: '2026-05-01',
        spent: '30.1',
        spentUpdatedAt: expect.any(String),
      },
    ]);
    expect(res.text).not.toMatch(/"(quota|spent|remaining|percent)":\d/);
  });

  it('shows spending without any quota as a null percent, exhausted', async () => {
    const res = await h.call('/api/v1/subaccounts/bob', { key });
    expect(res.body).toMatchObject({
      quota: '0',
      spent: '5',
      remaining: '-5',
      percent: null,
      exhausted: true,
    });
  });

  it('lists sub-accounts by user name, filtered by main account and status, with paging', async () => {
    const all = await h.call('/api/v1/subaccounts', { key });
    expect(all.status).toBe(200);
    expect(all.body.items.map((s: { name: string }) => s.name)).toEqual(['alice', 'bob']);
    expect(all.body).toMatchObject({ total: 2, limit: 200, offset: 0 });
    const page = await h.call('/api/v1/subaccounts?account=main-a&status=active&limit=1&offset=1', { key });
    expect(page.body).toMatchObject({ total: 2, items: [{ name: 'bob', spent: '5' }] });
    expect((await h.call('/api/v1/subaccounts?status=disabled', { key })).body.items).toEqual([]);
  });

  it('answers 404 for an unknown sub-account or main account', async () => {
    const res = await h.call('/api/v1/subaccounts/nobody', { key });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('nobody');
    expect((await h.call('/api/v1/subaccounts?account=nope', { key })).status).toBe(404);
  });

  it('answers 409 for a name two main accounts share, and finds "account/user"', async () => {
    const other = await givenAccount(h.deps, 'main-b');
    await givenSubAccount(h.deps, { userName: 'carol', accountId: account.id });
    await givenSubAccount(h.deps, { userName: 'carol', accountId: other.id, projects: { x: '1' } });
    const res = await h.call('/api/v1/subaccounts/carol', { key });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('main-b/carol');
    const exact = await h.call(`/api/v1/subaccounts/${encodeURIComponent('main-b/carol')}`, { key });
    expect(exact.body).toMatchObject({ name: 'carol', account: 'main-b', spent: '1' });
  });

  it('answers 400 naming each bad query parameter', async () => {
    const res = await h.call('/api/v1/subaccounts?limit=0&status=gone&colour=red', { key });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { in: string; field: string }) => `${e.in}:${e.field}`).sort()).toEqual([
      'query:colour',
      'query:limit',
      'query:status',
    ]);
  });
});
