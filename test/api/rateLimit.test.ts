import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT } from '../../src/api/rateLimit.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

describe.each(dbKinds())('REST API rate limit on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    await givenSubAccount(h.deps, { userName: 'gina' });
  });
  afterAll(async () => h?.close());

  it('answers 429 with Retry-After once a key spends its burst, without slowing other keys', async () => {
    const busy = (await givenKey(h.deps, ['read'])).key;
    const calm = (await givenKey(h.deps, ['read'])).key;
    // The test clock stands still, so the bucket does not refill during the burst.
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_RATE_LIMIT.burst; i++)
      statuses.push((await h.call('/api/v1/subaccounts/gina', { key: busy })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);

    const limited = await h.call('/api/v1/subaccounts/gina', { key: busy });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.retryAfter).toBe(Number(limited.headers.get('retry-after')));
    expect(limited.text).not.toContain(busy);

    expect((await h.call('/api/v1/subaccounts/gina', { key: calm })).status).toBe(200);

    h.clock.advance(Number(limited.headers.get('retry-after')) * 1000);
    expect((await h.call('/api/v1/subaccounts/gina', { key: busy })).status).toBe(200);
  });

  it('refuses a key over its rate before reading the database', async () => {
    const key = (await givenKey(h.deps, ['read'])).key;
    for (let i = 0; i < DEFAULT_RATE_LIMIT.burst; i++)
      expect((await h.call('/api/v1/subaccounts/gina', { key })).status).toBe(200);
    const seen = recordStatements(h.deps.db);
    expect((await h.call('/api/v1/subaccounts/gina', { key })).status).toBe(429);
    expect(seen).toEqual([]);
  });

  it("does not spend a key's requests on requests that only show its prefix", async () => {
    const key = (await givenKey(h.deps, ['read'])).key;
    const forged = `${key.slice(0, key.lastIndexOf('_'))}_${'A'.repeat(43)}`;
    for (let i = 0; i < 5; i++)
      expect((await h.call('/api/v1/subaccounts/gina', { key: forged })).status).toBe(401);
    for (let i = 0; i < DEFAULT_RATE_LIMIT.burst; i++)
      expect((await h.call('/api/v1/subaccounts/gina', { key })).status).toBe(200);
  });

  it('counts every request of a key, refused ones too', async () => {
    const key = (await givenKey(h.deps, ['request'])).key;
    let last = 0;
    for (let i = 0; i <= DEFAULT_RATE_LIMIT.burst; i++)
      last = (await h.call('/api/v1/subaccounts/gina', { key })).status;
    expect(last).toBe(429);
  });
});
