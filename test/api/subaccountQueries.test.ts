import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { recordPrepared, recordStatements } from '../support/statements.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

describe.each(dbKinds())('GET /api/v1/subaccounts/{name} database reads on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read'])).key;
    const account = await givenAccount(h.deps, 'main-a');
    await givenSubAccount(h.deps, {
      userName: 'alice',
      accountId: account.id,
      projects: { web: '3', legacy: '9' },
      unmonitored: ['legacy'],
    });
  });
  afterAll(async () => h?.close());

  it('reads the sub-account row once per request (the name lookup is the row the answer is made of)', async () => {
    const seen = recordStatements(h.deps.db);
    const res = await h.call('/api/v1/subaccounts/alice', { key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'alice', spent: '3' });
    const subAccountReads = seen.filter(
      (q) => /^SELECT\b/i.test(q) && /FROM\s+[`"]?sub_accounts[`"]?/i.test(q),
    );
    expect(subAccountReads).toHaveLength(1);
  });

  it('answers in one round trip on MySQL (the key check, on every request: S3, sent at once with the read of the sub-account and its projects), two statements on SQLite', async () => {
    // The key records its use about once a minute; the first call takes that write out of the count.
    await h.call('/api/v1/subaccounts/alice', { key });
    const seen = recordStatements(h.deps.db);
    for (let i = 0; i < 3; i++) expect((await h.call('/api/v1/subaccounts/alice', { key })).status).toBe(200);
    // The global thresholds come from a one-second cache: whether it refills during the test is timing.
    const statements = seen.filter((q) => !/FROM\s+[`"]?settings[`"]?/i.test(q));
    expect(statements.filter((q) => /FROM\s+[`"]?api_keys[`"]?/i.test(q))).toHaveLength(3);
    // Two statements a request on both; on MySQL they leave together (one round trip).
    expect(statements).toHaveLength(3 * 2);
    expect(statements.filter((q) => /FROM\s+[`"]?sub_accounts[`"]?/i.test(q))).toHaveLength(3);
  });

  it.runIf(kind === 'mysql')(
    'sends those statements prepared on MySQL: MariaDB parses each once per connection, not per request',
    async () => {
      await h.call('/api/v1/subaccounts/alice', { key });
      const prepared = await recordPrepared(h.deps.db);
      try {
        for (let i = 0; i < 3; i++)
          expect((await h.call('/api/v1/subaccounts/alice', { key })).status).toBe(200);
      } finally {
        prepared.stop();
      }
      // The global thresholds come from a one-second cache: whether it refills during the test is timing.
      const reads = prepared.texts.filter((t) => !/FROM `settings`/.test(t));
      expect(reads).toHaveLength(3 * 2);
      expect(reads.filter((t) => /FROM api_keys WHERE prefix IN \(\?\)$/.test(t))).toHaveLength(3);
      expect(reads.filter((t) => /WHERE s\.user_name IN \(\?\)$/.test(t))).toHaveLength(3);
    },
  );

  it('answers the same body byte for byte by user name and by "account/user"', async () => {
    const plain = await h.call('/api/v1/subaccounts/alice', { key });
    const qualified = await h.call('/api/v1/subaccounts/main-a%2Falice', { key });
    expect(qualified.status).toBe(200);
    expect(qualified.text).toBe(plain.text);
    for (const res of [plain, qualified])
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('lists the projects in the order of their names as the database sorts them, by either name', async () => {
    const account = await givenAccount(h.deps, 'main-b');
    await givenSubAccount(h.deps, {
      userName: 'bob',
      accountId: account.id,
      projects: { web: '1', Beta: '2', alpha: '3', 'beta-2': '4', Ärger: '5', zeta: '6' },
    });
    const plain = await h.call('/api/v1/subaccounts/bob', { key });
    const qualified = await h.call('/api/v1/subaccounts/main-b%2Fbob', { key });
    expect(plain.status).toBe(200);
    expect(plain.body.projects).toHaveLength(6);
    expect(plain.text).toBe(qualified.text);
    // More projects than the read sorts by insertion (16): the other sort gives the same order.
    const many = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`${['p', 'Q', 'ä', '_'][i % 4]}-${(i * 7) % 20}`, String(i)]),
    );
    await givenSubAccount(h.deps, { userName: 'bea', accountId: account.id, projects: many });
    const manyPlain = await h.call('/api/v1/subaccounts/bea', { key });
    expect(manyPlain.body.projects).toHaveLength(20);
    expect(manyPlain.text).toBe((await h.call('/api/v1/subaccounts/main-b%2Fbea', { key })).text);
  });

  it('moves the last day the bill alone covers at Shanghai midnight to the millisecond', async () => {
    // 2026-05-01T16:00Z is midnight in Shanghai; with the split bill's two days of lag the window moves then.
    h.clock.advance(Date.parse('2026-05-01T15:59:59.999Z') - h.clock.now().getTime());
    const before = await h.call('/api/v1/subaccounts/alice', { key });
    h.clock.advance(1);
    const after = await h.call('/api/v1/subaccounts/alice', { key });
    expect([before.body.finalAsOf, after.body.finalAsOf]).toEqual(['2026-04-28', '2026-04-29']);
  });
});
