import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { isExhausted, knownSpend, maxDeductible, quotaStatus } from '../../src/domain/quota.js';
import { chainProblems } from '../../src/domain/ledger.js';

const m = money;

describe('quota math', () => {
  it.each([
    // quota, spent, remaining, percent, exhausted
    ['0', '0', '0', '0', false],
    ['100', '0', '100', '0', false],
    ['100', '50', '50', '50', false],
    ['100', '99.99', '0.01', '99.99', false],
    ['100', '100', '0', '100', true],
    ['100', '130', '-30', '130', true],
    ['300', '100', '200', '33.333333', false],
  ])('quota %s, spent %s → remaining %s, %s %%', (quota, spent, remaining, percent, exhausted) => {
    const s = quotaStatus(m(quota), m(spent));
    expect(s.remaining.eq(m(remaining))).toBe(true);
    expect(s.percent.toDecimalPlaces(6).eq(m(percent))).toBe(true);
    expect(s.exhausted).toBe(exhausted);
  });

  it('says spending without any quota is infinitely over, and exhausted', () => {
    const s = quotaStatus(m('0'), m('0.01'));
    expect(s.percent.isFinite()).toBe(false);
    expect(s.exhausted).toBe(true);
    expect(isExhausted(m('0'), m('0'))).toBe(false);
  });

  it('counts only monitored projects, refunds included', () => {
    const spend = knownSpend([
      { monitored: true, spent: m('10.5') },
      { monitored: false, spent: m('1000') },
      { monitored: true, spent: m('-0.5') },
    ]);
    expect(spend.eq(m('10'))).toBe(true);
  });

  it('lets a deduction take at most what remains, never a negative amount', () => {
    expect(maxDeductible(m('100'), m('30')).eq(m('70'))).toBe(true);
    expect(maxDeductible(m('100'), m('100')).eq(0)).toBe(true);
    expect(maxDeductible(m('100'), m('150')).eq(0)).toBe(true);
  });
});

describe('ledger chain check', () => {
  const e = (seq: number, amount: string, after: string) => ({
    seq,
    amount: m(amount),
    balanceAfter: m(after),
  });

  it('accepts a consistent chain and its cached balance', () => {
    expect(chainProblems([e(1, '100', '100'), e(2, '-40', '60'), e(3, '0.5', '60.5')], m('60.5'))).toEqual(
      [],
    );
  });

  it('finds a gap, a wrong balance and a stale cache', () => {
    expect(chainProblems([e(1, '100', '100'), e(3, '1', '101')])).toHaveLength(1);
    expect(chainProblems([e(1, '100', '100'), e(2, '1', '102')])).toHaveLength(1);
    expect(chainProblems([e(1, '100', '100')], m('90'))).toHaveLength(1);
  });
});
