import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/policies/actor.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

const admin: Actor = { kind: 'cli', osUser: 'ops' };

describe.each(dbKinds())('REST API under a flood on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['request'])).key;
    for (const userName of ['flood-a', 'flood-b', 'flood-c']) await givenSubAccount(h.deps, { userName });
    await updateSettings(h.deps, {
      actor: admin,
      patch: { maxPendingRequestsPerSubAccount: 2, maxPendingRequestsPerRequester: 3 },
    });
  });
  afterAll(async () => h?.close());

  const post = (subaccount: string, k = key) =>
    h.call('/api/v1/quota-requests', {
      method: 'POST',
      key: k,
      json: { subaccount, amount: '10', reason: 'flood' },
    });
  const pending = async () =>
    Number(
      (
        (await h.deps.db.query(
          `SELECT COUNT(*) AS n FROM quota_requests WHERE status = 'pending'`,
        )) as Array<{
          n: number | string;
        }>
      )[0]!.n,
    );

  it('caps open requests per sub-account (409) and per key (429), posting nothing more', async () => {
    expect((await post('flood-a')).status).toBe(201);
    expect((await post('flood-a')).status).toBe(201);
    const third = await post('flood-a');
    expect(third.status).toBe(409);
    expect(third.body.detail).toContain('flood-a already has 2 pending requests');
    expect((await post('flood-b')).status).toBe(201);
    const fourth = await post('flood-c');
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('content-type')).toContain('application/problem+json');
    expect(fourth.body.detail).toContain('you already have 3 pending requests');
    expect(await pending()).toBe(3);

    // Another key still files: the cap is per requester.
    const other = (await givenKey(h.deps, ['request'])).key;
    expect((await post('flood-c', other)).status).toBe(201);
  });

  it('refuses requests without a valid key per client address once the burst is spent, before any lookup', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const res = await h.call('/api/v1/subaccounts', {
        key: `ag_bogus${i}`,
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const refused = await h.call('/api/v1/subaccounts', {
      key: 'ag_bogus',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    const reader = (await givenKey(h.deps, ['read'])).key;
    const ok = await h.call('/api/v1/subaccounts', {
      key: reader,
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(ok.status).toBe(200);
  });
});
