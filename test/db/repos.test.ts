import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflictFromUniqueViolation, isUniqueViolation } from '../../src/db/repos/errors.js';
import { wordsOf } from '../errors/refusalWords.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money, sumMoney } from '../../src/domain/money.js';
import { dbKinds } from '../support/databases.js';
import { givenAccount, givenSubAccount, openHarness, type Harness } from '../services/harness.js';

describe.each(dbKinds())('repositories on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it('replaces a day of spending on a late revision instead of adding it twice', async () => {
    const accountId = await givenAccount(h.deps);
    const now = h.clock.now();
    const day = (d: string, amount: string) => ({
      accountId,
      projectName: 'web',
      day: d,
      amount: money(amount),
    });
    await withReader(h.deps.db, (m) =>
      h.deps.repos.spending.upsertDays(m, [day('2026-05-01', '10.5'), day('2026-05-02', '3')], now),
    );
    await withReader(h.deps.db, (m) => h.deps.repos.spending.upsertDays(m, [day('2026-05-02', '4.25')], now));
    const rows = await withReader(h.deps.db, (m) =>
      h.deps.repos.spending.list(m, { accountId, projectNames: ['web'], sinceDay: '2026-05-01' }),
    );
    expect(rows.map((r) => [r.day, r.amount.toString()])).toEqual([
      ['2026-05-01', '10.5'],
      ['2026-05-02', '4.25'],
    ]);
    expect(sumMoney(rows.map((r) => r.amount)).toString()).toBe('14.75');
  });

  it('refuses a project already watched for another sub-account, as a unique violation', async () => {
    const accountId = await givenAccount(h.deps);
    const first = await givenSubAccount(h.deps, { accountId, projects: { shared: '0' } });
    const second = await givenSubAccount(h.deps, { accountId });
    const err = await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.projects.insert(
        tx,
        {
          subAccountId: second.id,
          accountId,
          projectName: 'shared',
          countsFrom: '2026-05-01',
          attachedPolicies: [],
        },
        h.clock.now(),
      ),
    ).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(wordsOf(conflictFromUniqueViolation(err))).toBe(
      '与已有记录重复（名称或请求 ID 已被使用），未做任何更改 / ' +
        'this duplicates an existing record (a name or request id already in use); nothing was changed',
    );
    const owner = await withReader(h.deps.db, (m) =>
      h.deps.repos.projects.findByAccountProject(m, accountId, 'shared'),
    );
    expect(owner?.subAccountId).toBe(first.id);
  });

  it('inserts an alert once per dedupe key and lists alerts by type, sub-account and time', async () => {
    const sub = await givenSubAccount(h.deps);
    const alert = {
      subAccountId: sub.id,
      type: 'threshold',
      level: 'warning' as const,
      percent: money('91.5'),
      epoch: 1,
      details: { projects: [{ name: 'web', spent: '91.5' }] },
      dedupeKey: `t:${sub.id}:1:90`,
    };
    const first = await withReader(h.deps.db, (m) => h.deps.repos.alerts.insertOnce(m, alert, h.clock.now()));
    const again = await withReader(h.deps.db, (m) => h.deps.repos.alerts.insertOnce(m, alert, h.clock.now()));
    expect(first?.id).toBeGreaterThan(0);
    expect(again).toBeNull();
    h.clock.advance(60_000);
    await withReader(h.deps.db, (m) =>
      h.deps.repos.alerts.insertOnce(
        m,
        { ...alert, type: 'disabled', level: 'critical', dedupeKey: null },
        h.clock.now(),
      ),
    );
    const listed = await withReader(h.deps.db, (m) => h.deps.repos.alerts.list(m, { subAccountId: sub.id }));
    expect(listed.map((a) => a.type)).toEqual(['disabled', 'threshold']);
    expect(listed[1]!.percent?.toString()).toBe('91.5');
    expect(listed[1]!.details).toEqual(alert.details);
    const since = await withReader(h.deps.db, (m) =>
      h.deps.repos.alerts.list(m, { subAccountId: sub.id, since: h.clock.now() }),
    );
    expect(since.map((a) => a.type)).toEqual(['disabled']);
  });

  it('refuses a nested transaction on the same database instead of deadlocking', async () => {
    await expect(inTransaction(h.deps.db, () => inTransaction(h.deps.db, async () => 1))).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('rolls back every write of a failed transaction', async () => {
    const sub = await givenSubAccount(h.deps);
    await inTransaction(h.deps.db, async (tx) => {
      await h.deps.repos.subAccounts.update(tx, sub.id, { displayName: 'changed' }, h.clock.now());
      throw new Error('boom');
    }).catch(() => undefined);
    expect(
      (await withReader(h.deps.db, (m) => h.deps.repos.subAccounts.findById(m, sub.id)))?.displayName,
    ).toBeNull();
  });
});
