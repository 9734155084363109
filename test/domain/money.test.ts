import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_AMOUNT,
  formatLimit,
  formatAmount,
  formatMoney,
  money,
  readAmount,
  type Money,
  toDecimalString,
  toStoredString,
} from '../../src/domain/money.js';

/** The amount read, or the test fails naming the refusal. */
function valid(input: string): Money {
  const r = readAmount(input);
  if (!r.ok) throw new Error(`refused ${input}: ${r.problem}`);
  return r.value;
}

describe('readAmount', () => {
  it.each([
    ['100', '100'],
    ['100.5', '100.5'],
    ['100.50', '100.5'],
    ['0.01', '0.01'],
    [' 42 ', '42'],
    ['007', '7'],
    [MAX_AMOUNT, MAX_AMOUNT],
  ])('accepts %j as %s', (input, expected) => {
    const r = readAmount(input);
    expect(r.ok && toDecimalString(r.value)).toBe(expected);
  });

  it.each([
    ['-5', 'invalid'],
    ['0', 'not_positive'],
    ['0.00', 'not_positive'],
    ['1e309', 'invalid'],
    ['1e3', 'invalid'],
    ['NaN', 'invalid'],
    ['Infinity', 'invalid'],
    ['-0', 'invalid'],
    ['1,000', 'invalid'],
    ['１００', 'invalid'],
    ['100.123', 'too_many_decimals'],
    ['0.1234567', 'too_many_decimals'],
    ['', 'invalid'],
    ['.5', 'invalid'],
    ['5.', 'invalid'],
    ['+5', 'invalid'],
    ['1\u200b00', 'invalid'],
    ['1'.repeat(40), 'too_large'],
    ['100000000.01', 'too_large'],
    ['💰', 'invalid'],
  ])('refuses %j as %s', (input, problem) => {
    expect(readAmount(input)).toMatchObject({ ok: false, problem });
  });

  it('refuses a JavaScript number: money never passes through one', () => {
    expect(readAmount(100)).toMatchObject({ ok: false, problem: 'invalid' });
  });

  it('never throws, and accepts only amounts within the rules, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const r = readAmount(s);
        if (r.ok) expect(r.value.gt(0) && r.value.lte(MAX_AMOUNT) && r.value.decimalPlaces() <= 2).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every valid amount through its decimal string', () => {
    const cents = fc.bigInt({ min: 1n, max: 10_000_000_000n });
    fc.assert(
      fc.property(cents, (c) => {
        const text = `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
        const m = valid(text);
        expect(valid(toDecimalString(m)).eq(m)).toBe(true);
        expect(money(toStoredString(m)).eq(m)).toBe(true);
      }),
    );
  });
});

describe('money formatting', () => {
  it('stores 6 decimals and shows 2, rounding half up', () => {
    expect(toStoredString(money('1.5'))).toBe('1.500000');
    expect(toStoredString(money('-0.0000005'))).toBe('-0.000001');
    expect(formatAmount(money('2.345'))).toBe('2.35');
    expect(formatMoney(money('2.345'))).toBe('¥2.35');
    expect(formatMoney('-12345678.5')).toBe('-¥12,345,678.50');
    expect(formatMoney(money('-0.001'))).toBe('¥0.00');
    expect(toDecimalString(money('100.000000'))).toBe('100');
    expect(toDecimalString(money('0.000001'))).toBe('0.000001');
  });

  it('shows a limit rounded toward zero, so the figure offered is never above the limit', () => {
    for (const [limit, shown] of [
      ['491.776319', '491.77'],
      ['0.009999', '0.00'],
      ['30', '30.00'],
      ['100000000', '100000000.00'],
    ] as const) {
      expect(formatLimit(money(limit))).toBe(shown);
      expect(money(shown).lte(money(limit))).toBe(true);
    }
  });

  it('adds 0.1 + 0.2 exactly', () => {
    expect(money('0.1').plus(money('0.2')).eq(money('0.3'))).toBe(true);
  });
});
