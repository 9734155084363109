import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import {
  givenAccount,
  givenAlert,
  givenKey,
  givenSubAccount,
  openApiHarness,
  type ApiHarness,
} from './support.js';

describe.each(dbKinds())('REST API alerts on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read'])).key;
    const account = await givenAccount(h.deps, 'main-x');
    const erin = await givenSubAccount(h.deps, { userName: 'erin', accountId: account.id });
    const frank = await givenSubAccount(h.deps, { userName: 'frank', accountId: account.id });
    const at = (s: string) => new Date(s);
    await givenAlert(h.deps, {
      subAccountId: erin.id,
      accountId: account.id,
      type: 'threshold',
      percent: '50.123456',
      at: at('2026-05-01T01:00:00Z'),
    });
    await givenAlert(h.deps, {
      subAccountId: erin.id,
      accountId: account.id,
      type: 'disabled',
      level: 'critical',
      percent: '100',
      at: at('2026-05-02T01:00:00Z'),
    });
    await givenAlert(h.deps, {
      subAccountId: frank.id,
      accountId: account.id,
      type: 'threshold',
      percent: '80',
      at: at('2026-05-03T01:00:00Z'),
    });
  });
  afterAll(async () => h?.close());

  const names = (body: { items: Array<{ subaccount: string; type: string }> }) =>
    body.items.map((a) => `${a.subaccount}:${a.type}`);

  it('lists alerts newest first with decimal percents and the per-project details', async () => {
    const res = await h.call('/api/v1/alerts', { key });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['frank:threshold', 'erin:disabled', 'erin:threshold']);
    expect(res.body.items[2]).toMatchObject({
      account: 'main-x',
      level: 'warning',
      percent: '50.12',
      delivery: 'pending',
      createdAt: '2026-05-01T01:00:00.000Z',
      details: { projects: [{ name: 'web', spent: '80.00' }] },
    });
  });

  it('filters by type, sub-account and since, and limits', async () => {
    expect(names((await h.call('/api/v1/alerts?type=threshold', { key })).body)).toEqual([
      'frank:threshold',
      'erin:threshold',
    ]);
    expect(names((await h.call('/api/v1/alerts?subaccount=erin', { key })).body)).toEqual([
      'erin:disabled',
      'erin:threshold',
    ]);
    const since = encodeURIComponent('2026-05-02T09:00:00+08:00');
    expect(names((await h.call(`/api/v1/alerts?since=${since}`, { key })).body)).toEqual([
      'frank:threshold',
      'erin:disabled',
    ]);
    expect(
      names((await h.call('/api/v1/alerts?subaccount=erin&type=threshold&limit=1', { key })).body),
    ).toEqual(['erin:threshold']);
  });

  it('answers 400 for a since that is not a date-time and 404 for an unknown sub-account', async () => {
    const res = await h.call('/api/v1/alerts?since=yesterday&limit=9999', { key });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'since']);
    expect((await h.call('/api/v1/alerts?subaccount=ghost', { key })).status).toBe(404);
  });

  it('answers 400 for an alert type that does not exist, naming the field, instead of an empty list', async () => {
    const res = await h.call('/api/v1/alerts?type=bogus', { key });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['type']);
    expect((await h.call('/api/v1/alerts?type=ark_stopped', { key })).status).toBe(200);
  });
});
