import { describe, expect, it } from 'vitest';
import {
  allocationChange,
  deductionRefusal,
  planLedgerWrites,
  replay,
  type LedgerAccount,
  type LedgerEntryFacts,
  type LedgerWrite,
} from '../../src/domain/ledgerPlan.js';
import { money } from '../../src/domain/money.js';
import { quotaStatus } from '../../src/domain/quota.js';

const now = new Date('2026-12-05T08:00:00Z');
const account: LedgerAccount = {
  id: 'sub-1',
  lastSeq: 3,
  balance: money('100'),
  version: 7,
  updatedAt: new Date('2026-12-01T00:00:00Z'),
  alertEpoch: 2,
  status: 'active',
  disabledReason: null,
};
const write = (amount: string, requestId: string): LedgerWrite => ({
  amount: money(amount),
  requestId,
  operator: 'cli:ops',
  source: 'cli',
  note: 'n',
  quotaRequestId: null,
  reversesEntryId: null,
});
const ids = () => {
  let n = 0;
  return () => `e${++n}`;
};
const quotaOff = { status: 'disabled' as const, disabledReason: 'quota_exhausted' };

describe('a deduction is checked against what remains of the quota', () => {
  it.each([
    // balance, spent, amount, refused max (null: accepted)
    ['100', '0', '-100', null],
    ['100', '0', '-100.01', '100'],
    ['100', '40', '-60', null],
    ['100', '40', '-60.01', '60'],
    ['100', '100', '-0.01', '0'],
    ['100', '150', '-1', '0'],
    ['100', '0', '50', null],
  ])('balance %s, spent %s, amount %s → max %s', (balance, spent, amount, max) => {
    const r = deductionRefusal(money(balance), money(spent), money(amount));
    if (max === null) expect(r).toBeNull();
    else expect(r).toEqual({ kind: 'deduction_too_large', requested: money(amount).neg(), max: money(max) });
  });
});

describe('an allocation starts a new alert epoch', () => {
  it.each([
    // status/reason, balance after, spent, alerted step, re-enable requested
    [{}, '100', '0', null, false],
    [{}, '100', '50', 50, false],
    [{}, '100', '85', 80, false],
    [{}, '100', '100', 100, false],
    [quotaOff, '100', '99.99', 90, true],
    [quotaOff, '100', '100', 100, false],
    [{ status: 'disabling' as const, disabledReason: 'quota_exhausted' }, '200', '100', 50, true],
    [{ status: 'disabled' as const, disabledReason: 'manual' }, '200', '0', null, false],
    [{ status: 'enabling' as const, disabledReason: 'quota_exhausted' }, '200', '0', null, false],
  ])('%o, quota %s, spent %s → step %s, re-enable %s', (state, quota, spent, step, reenable) => {
    const change = allocationChange(
      { ...account, ...state },
      quotaStatus(money(quota), money(spent)),
      [50, 80, 90],
      now,
    );
    expect(change).toEqual({
      alertEpoch: 3,
      alertedStep: step,
      earlyWarned: false,
      ...(reenable ? { reenableRequestedAt: now } : {}),
    });
  });
});

describe('a request id seen before', () => {
  const first: LedgerEntryFacts = {
    ...write('10', 'r1'),
    id: 'e0',
    subAccountId: 'sub-1',
    seq: 3,
    balanceAfter: money('100'),
    createdAt: now,
  };

  it('returns its first entry and writes nothing when the amount is the same', () => {
    const r = replay(first, write('10.00', 'r1'), account, money('25'));
    expect(r).toMatchObject({ ok: true, entry: first, account, replayed: true, reenableRequested: false });
    expect(r.ok && r.quota.remaining.toString()).toBe('75');
  });

  it('is refused with another amount', () => {
    expect(replay(first, write('11', 'r1'), account, money('0'))).toEqual({
      ok: false,
      refusal: { kind: 'request_id_reused', requestId: 'r1' },
    });
  });
});

describe('planLedgerWrites applies writes in order, as one after the other', () => {
  const start = { account, spent: money('30'), thresholds: [50, 80, 90], previous: new Map() };

  it('chains seq and balance over the writes and stores the head once', () => {
    const plan = planLedgerWrites(start, [write('50', 'a'), write('-20', 'b'), write('5', 'c')], {
      now,
      newId: ids(),
    });
    expect(plan.entries.map((e) => [e.id, e.seq, e.balanceAfter.toString()])).toEqual([
      ['e1', 4, '150'],
      ['e2', 5, '130'],
      ['e3', 6, '135'],
    ]);
    expect(plan.head).toEqual({
      fromSeq: 3,
      lastSeq: 6,
      balance: money('135'),
      patch: { alertEpoch: 4, alertedStep: null, earlyWarned: false },
    });
    const last = plan.writes[2]!;
    expect(last.ok && [last.account.version, last.account.alertEpoch, last.before.seq]).toEqual([10, 4, 5]);
  });

  it('refuses a deduction the writes before it made too large, alone', () => {
    const plan = planLedgerWrites(start, [write('-60', 'a'), write('-20', 'b'), write('-10', 'c')], {
      now,
      newId: ids(),
    });
    expect(plan.writes.map((w) => (w.ok ? w.entry.balanceAfter.toString() : w.refusal.kind))).toEqual([
      '40',
      'deduction_too_large',
      '30',
    ]);
    expect(plan.writes[1]).toEqual({
      ok: false,
      refusal: { kind: 'deduction_too_large', requested: money('20'), max: money('10') },
    });
  });

  it('replays a request id repeated inside the batch and refuses it with another amount', () => {
    const plan = planLedgerWrites(start, [write('5', 'a'), write('5', 'a'), write('6', 'a')], {
      now,
      newId: ids(),
    });
    expect(plan.entries).toHaveLength(1);
    expect(plan.writes.map((w) => (w.ok ? w.replayed : w.refusal.kind))).toEqual([
      false,
      true,
      'request_id_reused',
    ]);
  });

  it('writes nothing, and has no head, when every write is a replay or refused', () => {
    const previous = new Map([
      [
        'a',
        {
          ...write('5', 'a'),
          id: 'old',
          subAccountId: 'sub-1',
          seq: 3,
          balanceAfter: money('100'),
          createdAt: now,
        },
      ],
    ]);
    const plan = planLedgerWrites({ ...start, previous }, [write('5', 'a'), write('-500', 'b')], {
      now,
      newId: ids(),
    });
    expect(plan).toMatchObject({ entries: [], head: null });
  });

  it('records the re-enable intent when an allocation ends a quota disable', () => {
    const off = { ...start, account: { ...account, ...quotaOff, balance: money('30') } };
    const plan = planLedgerWrites(off, [write('10', 'a')], { now, newId: ids() });
    expect(plan.writes[0]).toMatchObject({ ok: true, reenableRequested: true });
    expect(plan.head?.patch.reenableRequestedAt).toEqual(now);
  });

  it('needs the thresholds in force only when a write allocates', () => {
    const none = { ...start, thresholds: undefined };
    expect(planLedgerWrites(none, [write('-1', 'a')], { now, newId: ids() }).entries).toHaveLength(1);
    expect(() => planLedgerWrites(none, [write('1', 'a')], { now, newId: ids() })).toThrow(/thresholds/);
  });
});
