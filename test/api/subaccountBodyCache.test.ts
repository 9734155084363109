import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParsedViews, readSubAccountViews } from '../../src/db/repos/subAccountView.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

const ops = { kind: 'cli', osUser: 'ops' } as const;

/**
 * GET /api/v1/subaccounts/{name} parses a sub-account's rows once and serializes its answer once, then
 * sends that answer again while the rows, the layers and the thresholds are the same
 * (src/api/subaccounts/renderedBodies.ts). Every input of the answer changed between two reads shows on
 * the second: what the cache is keyed on must be everything the answer is made of.
 */
describe.each(dbKinds())('GET /api/v1/subaccounts/{name}: the answer kept between reads on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  let account: { id: string; name: string };
  let carol: SubAccountDto;

  const read = async () => {
    const res = await h.call('/api/v1/subaccounts/carol', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return res;
  };
  const project = async (name: string) =>
    (await withReader(h.deps.db, (m) => h.deps.repos.projects.listBySubAccount(m, carol.id))).find(
      (p) => p.projectName === name,
    )!;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read'])).key;
    account = await givenAccount(h.deps, 'main-c');
    carol = await givenSubAccount(h.deps, {
      userName: 'carol',
      accountId: account.id,
      projects: { web: '10', api: '2.5' },
    });
  });
  afterAll(async () => h?.close());

  // Each case starts from an answer the route has kept.
  beforeEach(async () => {
    const first = await read();
    expect((await read()).text).toBe(first.text);
  });

  it('answers an unchanged sub-account with the same bytes', async () => {
    const a = await read();
    const b = await read();
    expect(b.text).toBe(a.text);
    expect(b.body).toMatchObject({ name: 'carol', account: 'main-c' });
  });

  it("shows a new allocation's quota, remaining and percent", async () => {
    const before = (await read()).body;
    await allocateQuota(h.deps, {
      actor: ops,
      subAccountId: carol.id,
      amount: parseAmount('50'),
      note: '',
      requestId: `bc-${kind}-alloc`,
    });
    const after = (await read()).body;
    expect(after.quota).toBe(money(before.quota).plus(50).toString());
    expect(after.remaining).toBe(money(before.remaining).plus(50).toString());
    expect(after.percent).not.toBe(before.percent);
  });

  it('shows a status, its reason and time, and a display name changed', async () => {
    // The display name alone first: every column counts, not only the ones that usually change together.
    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.subAccounts.update(tx, carol.id, { displayName: 'Carol' }, h.clock.now()),
    );
    expect((await read()).body).toMatchObject({ status: 'active', displayName: 'Carol' });
    const now = h.clock.now();
    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.subAccounts.update(
        tx,
        carol.id,
        { status: 'disabled', disabledReason: 'quota_exhausted', disabledAt: now, displayName: 'Carol C.' },
        now,
      ),
    );
    expect((await read()).body).toMatchObject({
      status: 'disabled',
      disabledReason: 'quota_exhausted',
      disabledAt: now.toISOString(),
      displayName: 'Carol C.',
    });
    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.subAccounts.update(
        tx,
        carol.id,
        { status: 'active', disabledReason: null, disabledAt: null },
        h.clock.now(),
      ),
    );
    expect((await read()).body).toMatchObject({ status: 'active', disabledReason: null, disabledAt: null });
  });

  it("shows a project's spent, its monitoring, a project added and one removed", async () => {
    const web = await project('web');
    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.projects.updateSpent(tx, web.id, money('10.000001'), h.clock.now()),
    );
    let body = (await read()).body;
    expect(body.projects.find((p: { name: string }) => p.name === 'web').spent).toBe('10.000001');

    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.projects.setMonitored(tx, { id: web.id }, false, h.clock.now()),
    );
    body = (await read()).body;
    expect(body.projects.find((p: { name: string }) => p.name === 'web').monitored).toBe(false);

    const added = await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.projects.insert(
        tx,
        {
          subAccountId: carol.id,
          accountId: account.id,
          projectName: 'batch',
          countsFrom: '2026-05-01',
          attachedPolicies: [],
        },
        h.clock.now(),
      ),
    );
    body = (await read()).body;
    expect(body.projects.map((p: { name: string }) => p.name)).toEqual(['api', 'batch', 'web']);

    await inTransaction(h.deps.db, (tx) => h.deps.repos.projects.remove(tx, added.id));
    body = (await read()).body;
    expect(body.projects.map((p: { name: string }) => p.name)).toEqual(['api', 'web']);
  });

  it("shows the global thresholds changed, which are not the sub-account's rows, then its own", async () => {
    await updateSettings(h.deps, { actor: ops, patch: { thresholds: [60, 85, 95] } });
    // The settings a process reads are reused for up to a second (settings repo): past that, the change.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await read()).body.thresholds).toEqual([60, 85, 95]);

    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.subAccounts.update(tx, carol.id, { thresholds: [70] }, h.clock.now()),
    );
    expect((await read()).body.thresholds).toEqual([70]);
    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.subAccounts.update(tx, carol.id, { thresholds: null }, h.clock.now()),
    );
    expect((await read()).body.thresholds).toEqual([60, 85, 95]);
  });

  it("shows the main account's name changed by hand in the database", async () => {
    await h.deps.db.query(`UPDATE volc_accounts SET name = 'main-c2' WHERE id = ?`, [account.id]);
    expect((await read()).body.account).toBe('main-c2');
    await h.deps.db.query(`UPDATE volc_accounts SET name = 'main-c' WHERE id = ?`, [account.id]);
    expect((await read()).body.account).toBe('main-c');
  });

  describe('ParsedViews', () => {
    it('returns the view it parsed while the rows are equal, a new one as soon as a column differs', async () => {
      const memo = new ParsedViews();
      const views = () => withReader(h.deps.db, (m) => readSubAccountViews(m, 'carol', memo));
      const [a] = await views();
      const [b] = await views();
      expect(b).toBe(a);
      // Without the memo, an equal view but not the same object.
      const [plain] = await withReader(h.deps.db, (m) => readSubAccountViews(m, 'carol'));
      expect(plain).not.toBe(a);
      expect(plain).toEqual(a);

      const api = await project('api');
      await inTransaction(h.deps.db, (tx) =>
        h.deps.repos.projects.updateSpent(tx, api.id, money(api.spent).plus('0.000001'), h.clock.now()),
      );
      const [c] = await views();
      expect(c).not.toBe(a);
      expect(c!.projects.find((p) => p.projectName === 'api')!.spent.toString()).toBe(
        money(api.spent).plus('0.000001').toString(),
      );
      const [d] = await views();
      expect(d).toBe(c);
    });

    it('keeps the most recently read sub-accounts only', async () => {
      const dave = await givenSubAccount(h.deps, { userName: 'dave', accountId: account.id, projects: {} });
      expect(dave.id).toBeTruthy();
      const memo = new ParsedViews(1);
      const views = (name: string) => withReader(h.deps.db, (m) => readSubAccountViews(m, name, memo));
      const [c1] = await views('carol');
      const [d1] = await views('dave');
      expect(memo.size).toBe(1);
      expect((await views('dave'))[0]).toBe(d1);
      const [c2] = await views('carol');
      expect(c2).not.toBe(c1);
      expect(c2).toEqual(c1);
    });
  });
});
