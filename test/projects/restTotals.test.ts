import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, sumMoney } from '../../src/domain/money.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { dbKinds } from '../support/databases.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from '../api/support.js';

type Body = {
  name: string;
  quota: string;
  spent: string;
  remaining: string;
  projects: Array<{ name: string; monitored: boolean; spent: string }>;
};

// REST shows exact amounts (no rounding), so its totals are the exact sums of the rows it shows.
describe.each(dbKinds())('REST sub-account totals on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read'])).key;
    const account = await givenAccount(h.deps, 'main-a');
    const sub = await givenSubAccount(h.deps, {
      userName: 'alice',
      accountId: account.id,
      projects: { a: '0.125', b: '0.125', c: '0.125', off: '9.999999' },
      unmonitored: ['off'],
    });
    await allocateQuota(h.deps, {
      actor: { kind: 'cli', osUser: 'ops' },
      subAccountId: sub.id,
      amount: parseAmount('1'),
      note: '',
      requestId: 'r1',
    });
  });
  afterAll(async () => h?.close());

  it('spent is the sum of the monitored rows shown, and remaining = quota − spent, exactly', async () => {
    for (const path of ['/api/v1/subaccounts', '/api/v1/subaccounts/alice']) {
      const res = await h.call(path, { key });
      expect(res.status).toBe(200);
      const body = ('items' in res.body ? res.body.items[0] : res.body) as Body;
      const rows = sumMoney(body.projects.filter((p) => p.monitored).map((p) => money(p.spent)));
      expect(body.spent).toBe('0.375');
      expect(money(body.spent).eq(rows)).toBe(true);
      expect(money(body.quota).minus(money(body.spent)).eq(money(body.remaining))).toBe(true);
    }
  });
});
