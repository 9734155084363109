import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchedRows } from '../../src/db/repos/batchedReads.js';
import { storedSubLayersRepo } from '../../src/db/repos/storedSubLayers.js';
import { money } from '../../src/domain/money.js';
import { subAccountViewsRead } from '../../src/db/repos/subAccountView.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { revokeApiKey } from '../../src/services/apiKeys/revokeApiKey.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

type Key = Awaited<ReturnType<typeof givenKey>>;

/**
 * The API key checks (and the REST read's first read) of requests that arrive together share their
 * statements on MySQL (batchedReads.ts). What must never happen: a request answered with another's key or
 * another's sub-account, or a refusal lost in a batch.
 */
describe.each(dbKinds())('key checks and reads asked for together, on %s', (kind) => {
  let h: ApiHarness;
  const keys: Key[] = [];
  // 'nobody' has no sub-account; 'carol' has no project.
  const NAMES = ['alice', 'bob', 'carol', 'nobody'] as const;
  const PROJECTS: Record<string, string[]> = { alice: ['alice-a', 'alice-b'], bob: ['bob-a'], carol: [] };

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const account = await givenAccount(h.deps, 'main-a');
    await givenSubAccount(h.deps, {
      userName: 'alice',
      accountId: account.id,
      projects: { 'alice-b': '2', 'alice-a': '1' },
    });
    await givenSubAccount(h.deps, { userName: 'bob', accountId: account.id, projects: { 'bob-a': '5' } });
    await givenSubAccount(h.deps, { userName: 'carol', accountId: account.id, projects: {} });
    // More than one statement's worth (32 values): the checks are split across statements.
    for (let i = 0; i < 40; i++) keys.push(await givenKey(h.deps, ['read'], `batch-${i}`));
  });
  afterAll(async () => h?.close());

  const check = (prefix: string, name: string) =>
    withReader(h.deps.db, (m) =>
      h.deps.repos.apiKeys.findForVerificationWith(m, prefix, subAccountViewsRead(name)),
    );

  it('hands every check asked for in one turn its own key and its own rows', async () => {
    const seen = recordStatements(h.deps.db);
    const results = await Promise.all(keys.map((k, i) => check(k.prefix, NAMES[i % NAMES.length]!)));
    results.forEach((found, i) => {
      const name = NAMES[i % NAMES.length]!;
      expect(found?.key.id).toBe(keys[i]!.id);
      expect(found?.key.name).toBe(`batch-${i}`);
      if (name === 'nobody') return expect(found!.read).toEqual([]);
      expect(found!.read.map((v) => v.subAccount.userName)).toEqual([name]);
      expect(found!.read[0]!.projects.map((p) => p.projectName)).toEqual(PROJECTS[name]);
    });
    const keyReads = seen.filter((q) => /FROM\s+[`"]?api_keys/i.test(q));
    const viewReads = seen.filter((q) => /FROM\s+[`"]?sub_accounts/i.test(q));
    if (kind === 'mysql') {
      // 40 prefixes: a statement of 32 and one of 8; 4 names (of 40 checks): one statement.
      expect(keyReads.map((q) => q.match(/\?/g)!.length).sort((a, b) => a - b)).toEqual([8, 32]);
      expect(viewReads).toHaveLength(1);
      expect(viewReads[0]!.match(/\?/g)).toHaveLength(4);
    } else {
      expect(keyReads).toHaveLength(40);
      // SQLite reads a sub-account only for a key it found.
      expect(viewReads).toHaveLength(40);
    }
  });

  it('finds no key for an unknown prefix, beside checks that find theirs', async () => {
    const results = await Promise.all([
      check(keys[0]!.prefix, 'alice'),
      check('ag_zzzzzzzz', 'alice'),
      check(keys[1]!.prefix, 'bob'),
      check(keys[0]!.prefix.toUpperCase(), 'alice'),
    ]);
    expect(results.map((r) => r?.key.id ?? null)).toEqual([keys[0]!.id, null, keys[1]!.id, null]);
    expect(results[2]!.read[0]!.subAccount.userName).toBe('bob');
  });

  it('gives two checks of one key and one name rows of their own', async () => {
    const [a, b] = await Promise.all([check(keys[2]!.prefix, 'alice'), check(keys[2]!.prefix, 'alice')]);
    expect(a!.key).toEqual(b!.key);
    expect(a!.read[0]!.projects.map((p) => p.projectName)).toEqual(PROJECTS['alice']);
    expect(b!.read[0]!.projects.map((p) => p.projectName)).toEqual(PROJECTS['alice']);
  });

  it('fails every read a failed statement carried, and only those', async () => {
    const broken = {
      sqlFor: () => 'SELECT no_such_column FROM api_keys WHERE prefix IN (?)',
      argOf: () => null,
    };
    const outcomes = await Promise.allSettled([
      withReader(h.deps.db, (m) => batchedRows(m, broken, 'x')),
      withReader(h.deps.db, (m) => batchedRows(m, broken, 'y')),
      check(keys[3]!.prefix, 'bob'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((await check(keys[3]!.prefix, 'bob'))?.key.id).toBe(keys[3]!.id);
  });

  it('reads the stored layers of sub-accounts asked for at once together, each its own row or none', async () => {
    const account = await givenAccount(h.deps, 'main-layers');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const now = h.clock.now();
    await inTransaction(h.deps.db, (tx) =>
      storedSubLayersRepo.saveMany(
        tx,
        ids.slice(0, 2).map((subAccountId, i) => ({
          subAccountId,
          accountId: account.id,
          version: i + 1,
          inputsKey: String(i).repeat(64),
          extra: money(`${i}.5`),
          billed: money('1'),
          billedAsOf: now,
          estimatedAsOf: null,
        })),
        now,
      ),
    );
    const seen = recordStatements(h.deps.db, (q) => /sub_account_layers/.test(q));
    const found = await Promise.all(
      ids.map((id) => withReader(h.deps.db, (m) => storedSubLayersRepo.find(m, id))),
    );
    expect(found.map((f) => f && [f.version, f.extra.toFixed(1)])).toEqual([[1, '0.5'], [2, '1.5'], null]);
    expect(seen).toHaveLength(kind === 'mysql' ? 1 : 3);
  });

  it("reads inside a transaction on the transaction's own connection, alone", async () => {
    const seen = await inTransaction(h.deps.db, async (tx) => {
      await tx.query('UPDATE sub_accounts SET display_name = ? WHERE user_name = ?', [
        'Uncommitted',
        'carol',
      ]);
      const found = await h.deps.repos.apiKeys.findForVerificationWith(
        tx,
        keys[4]!.prefix,
        subAccountViewsRead('carol'),
      );
      await tx.query('UPDATE sub_accounts SET display_name = NULL WHERE user_name = ?', ['carol']);
      return found;
    });
    expect(seen?.key.id).toBe(keys[4]!.id);
    expect(seen?.read[0]!.subAccount.displayName).toBe('Uncommitted');
  });

  it('answers requests sent together each with its own sub-account, and refuses the revoked and the wrong key among them', async () => {
    const revoked = await givenKey(h.deps, ['read'], 'to-revoke');
    await revokeApiKey(h.deps, { actor: { kind: 'cli', osUser: 'api-test' }, key: revoked.id });
    const good = keys[5]!.key;
    const wrongSecret = `${good.slice(0, -1)}${good.endsWith('a') ? 'b' : 'a'}`;
    const calls = [
      ...keys.slice(0, 24).map((k, i) => ({ key: k.key, name: NAMES[i % 3]! })),
      { key: revoked.key, name: 'alice' },
      { key: wrongSecret, name: 'bob' },
    ];
    const answers = await Promise.all(
      calls.map((c) => h.call(`/api/v1/subaccounts/${c.name}`, { key: c.key })),
    );
    answers.slice(0, 24).forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.body.name).toBe(calls[i]!.name);
      expect(res.body.projects.map((p: { name: string }) => p.name)).toEqual(PROJECTS[calls[i]!.name]);
    });
    expect(answers.slice(24).map((r) => r.status)).toEqual([401, 401]);
    for (const res of answers.slice(24)) {
      expect(res.body.projects).toBeUndefined();
      expect(res.text).not.toMatch(/alice-a|bob-a|"spent"/);
    }
  });
});
