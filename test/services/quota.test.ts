import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { chainProblems } from '../../src/domain/ledger.js';
import { money } from '../../src/domain/money.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { QUOTA_EXHAUSTED_REASON } from '../../src/domain/quota.js';
import { NotFoundError, UsageError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { deductQuota } from '../../src/services/quota/deductQuota.js';
import { DeductionTooLargeError } from '../../src/services/quota/errors.js';
import { getQuota, listQuotas } from '../../src/services/quota/getQuota.js';
import { quotaHistory } from '../../src/services/quota/quotaHistory.js';
import { resolveSubAccount } from '../../src/services/quota/resolveSubAccount.js';
import { dbKinds } from '../support/databases.js';
import { givenAccount, givenSpend, givenSubAccount, openHarness, type Harness } from './harness.js';
import { refusalOf, wordsOf } from '../errors/refusalWords.js';

const approver: Actor = { kind: 'feishu', openId: 'ou_approver', roles: ['approver'] };
const amt = (s: string) => parseAmount(s);

describe.each(dbKinds())('quota ledger on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it('allocates and deducts with exact decimals, an entry per write and a consistent chain', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { web: '30.10' } });
    await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('100.10'),
      note: '首次',
      requestId: 'r1',
    });
    await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('0.20'),
      note: '',
      requestId: 'r2',
    });
    const d = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('0.30'),
      note: 'fix',
      requestId: 'r3',
    });
    expect(d.entry.amount.toString()).toBe('-0.3');
    expect(d.quota.quota.toString()).toBe('100');
    expect(d.quota.spent.toString()).toBe('30.1');
    expect(d.quota.remaining.toString()).toBe('69.9');

    const view = await getQuota(h.deps, { subAccountId: sub.id });
    expect(view.quota.quota.eq(money('100'))).toBe(true);
    expect(view.thresholds).toEqual([50, 80, 90]);
    const chain = await withReader(h.deps.db, (m) => h.deps.repos.ledger.chain(m, sub.id));
    expect(
      chain.map((e) => [e.seq, e.amount.toString(), e.balanceAfter.toString(), e.operator, e.source]),
    ).toEqual([
      [1, '100.1', '100.1', 'feishu:ou_approver', 'chat'],
      [2, '0.2', '100.3', 'feishu:ou_approver', 'chat'],
      [3, '-0.3', '100', 'feishu:ou_approver', 'chat'],
    ]);
    expect(chainProblems(chain, view.subAccount.balance)).toEqual([]);
  });

  it('refuses a deduction below zero remaining, names the most that can be deducted and writes nothing', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { api: '70', old: '0' } });
    await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('100'),
      note: '',
      requestId: 'a',
    });
    const err = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('30.01'),
      note: '',
      requestId: 'd',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeductionTooLargeError);
    expect((err as DeductionTooLargeError).maxDeductible.toString()).toBe('30');
    expect((err as Error).message).toContain('30.00');
    expect((err as DeductionTooLargeError).code).toBe('quota_exhausted');
    expect((await quotaHistory(h.deps, { subAccountId: sub.id })).entries).toHaveLength(1);
    const ok = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('30'),
      note: '',
      requestId: 'd2',
    });
    expect(ok.quota.remaining.toString()).toBe('0');
  });

  it('names a deductible maximum that is itself accepted (rounded down, never up)', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { api: '8.223681' } });
    await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('500'),
      note: '',
      requestId: 'm1',
    });
    const err = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('500'),
      note: '',
      requestId: 'm2',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeductionTooLargeError);
    const offered = /at most ([\d.]+) can be deducted/.exec(wordsOf(err))?.[1];
    expect(offered).toBe('491.77');
    expect(wordsOf(err)).toContain('最多可扣减 491.77');
    const ok = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt(offered!),
      note: '',
      requestId: 'm3',
    });
    expect(ok.quota.remaining.toString()).toBe('0.006319');
  });

  it('ignores spending of unmonitored projects', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { a: '10', b: '500' } });
    await withReader(h.deps.db, async (m) => {
      const b = (await h.deps.repos.projects.listBySubAccount(m, sub.id)).find((p) => p.projectName === 'b')!;
      await h.deps.repos.projects.setMonitored(m, { id: b.id }, false, h.clock.now());
    });
    expect((await getQuota(h.deps, { subAccountId: sub.id })).quota.spent.toString()).toBe('10');
  });

  it('makes a retried write with the same request id a no-op', async () => {
    const sub = await givenSubAccount(h.deps);
    const first = await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('5'),
      note: '',
      requestId: 'evt-1',
    });
    const again = await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('5'),
      note: '',
      requestId: 'evt-1',
    });
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect((await getQuota(h.deps, { subAccountId: sub.id })).quota.quota.toString()).toBe('5');
    expect(
      await refusalOf(
        allocateQuota(h.deps, {
          actor: approver,
          subAccountId: sub.id,
          amount: amt('6'),
          note: '',
          requestId: 'evt-1',
        }),
      ),
    ).toMatch(/different amount/);
  });

  it('refuses bad amounts, long notes and unknown sub-accounts before writing', async () => {
    const sub = await givenSubAccount(h.deps);
    for (const amount of [money('0'), money('-1'), money('0.001'), money('100000000.01')]) {
      await expect(
        allocateQuota(h.deps, { actor: approver, subAccountId: sub.id, amount, note: '', requestId: 'x' }),
      ).rejects.toThrow(UsageError);
    }
    await expect(
      allocateQuota(h.deps, {
        actor: approver,
        subAccountId: sub.id,
        amount: amt('1'),
        note: 'x'.repeat(501),
        requestId: 'x',
      }),
    ).rejects.toThrow(UsageError);
    await expect(
      allocateQuota(h.deps, {
        actor: approver,
        subAccountId: 'nope',
        amount: amt('1'),
        note: '',
        requestId: 'x',
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it('starts a new alert epoch on allocation, re-arming only the steps now above usage', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { p: '85' } });
    await withReader(h.deps.db, (m) =>
      h.deps.repos.subAccounts.update(
        m,
        sub.id,
        { alertEpoch: 3, alertedStep: 100, earlyWarned: true },
        h.clock.now(),
      ),
    );
    const r = await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('100'),
      note: '',
      requestId: 'e1',
    });
    expect(r.subAccount.alertEpoch).toBe(4);
    expect(r.subAccount.alertedStep).toBe(80);
    expect(r.subAccount.earlyWarned).toBe(false);
    const stored = (await getQuota(h.deps, { subAccountId: sub.id })).subAccount;
    expect([stored.alertEpoch, stored.alertedStep, stored.earlyWarned]).toEqual([4, 80, false]);
  });

  it('asks to re-enable a sub-account disabled for its quota once an allocation brings it under 100 %', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { p: '100' } });
    await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('100'),
      note: '',
      requestId: 'q1',
    });
    const disabledAt = h.clock.now();
    await withReader(h.deps.db, (m) =>
      h.deps.repos.subAccounts.update(
        m,
        sub.id,
        { status: 'disabled', disabledReason: QUOTA_EXHAUSTED_REASON, disabledAt },
        disabledAt,
      ),
    );
    await givenSpend(h.deps, sub.id, 'p', '120');
    const notEnough = await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('20'),
      note: '',
      requestId: 'q2',
    });
    expect(notEnough.reenableRequested).toBe(false);
    expect(notEnough.quota.exhausted).toBe(true);
    h.clock.advance(1000);
    const enough = await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('0.01'),
      note: '',
      requestId: 'q3',
    });
    expect(enough.reenableRequested).toBe(true);
    const stored = (await getQuota(h.deps, { subAccountId: sub.id })).subAccount;
    expect(stored.reenableRequestedAt?.toISOString()).toBe(h.clock.now().toISOString());

    const audit = await listAudit(h.deps, { targetType: 'sub_account', targetId: sub.id });
    expect(audit.map((a) => a.action)).toEqual(['quota.allocate', 'quota.allocate', 'quota.allocate']);
    expect(audit[0]!.after).toMatchObject({ reenableRequested: true, amount: '0.01' });
  });

  it('does not re-enable a sub-account an admin disabled by hand', async () => {
    const sub = await givenSubAccount(h.deps);
    await withReader(h.deps.db, (m) =>
      h.deps.repos.subAccounts.update(
        m,
        sub.id,
        { status: 'disabled', disabledReason: 'manual: left the team' },
        h.clock.now(),
      ),
    );
    const r = await allocateQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: amt('10'),
      note: '',
      requestId: 'm1',
    });
    expect(r.reenableRequested).toBe(false);
  });

  it('pages the history newest first', async () => {
    const sub = await givenSubAccount(h.deps);
    for (let i = 1; i <= 5; i++) {
      await allocateQuota(h.deps, {
        actor: approver,
        subAccountId: sub.id,
        amount: amt(String(i)),
        note: `#${i}`,
        requestId: `h${i}`,
      });
    }
    const page1 = await quotaHistory(h.deps, { subAccountId: sub.id, limit: 2 });
    expect(page1.entries.map((e) => e.seq)).toEqual([5, 4]);
    const page3 = await quotaHistory(h.deps, { subAccountId: sub.id, limit: 2, beforeSeq: 2 });
    expect(page3.entries.map((e) => e.note)).toEqual(['#1']);
    expect(page3.nextBeforeSeq).toBeNull();
  });

  it('finds a sub-account by name, and asks which one when two accounts share it', async () => {
    const a1 = await givenAccount(h.deps, `main-${kind}`);
    const a2 = await givenAccount(h.deps, `second-${kind}`);
    const only = await givenSubAccount(h.deps, { accountId: a1, userName: `solo-${kind}` });
    await givenSubAccount(h.deps, { accountId: a1, userName: `twin-${kind}` });
    const twin2 = await givenSubAccount(h.deps, { accountId: a2, userName: `twin-${kind}` });
    expect((await resolveSubAccount(h.deps, ` solo-${kind} `)).id).toBe(only.id);
    expect(await refusalOf(resolveSubAccount(h.deps, `twin-${kind}`))).toMatch(
      /main-.*second-|second-.*main-/,
    );
    expect((await resolveSubAccount(h.deps, `second-${kind}/twin-${kind}`)).id).toBe(twin2.id);
    await expect(resolveSubAccount(h.deps, 'ghost')).rejects.toThrow(NotFoundError);
    const listed = await listQuotas(h.deps, { accountId: a1 });
    expect(listed.map((v) => v.subAccount.userName)).toEqual([`solo-${kind}`, `twin-${kind}`]);
  });
});
