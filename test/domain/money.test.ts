import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  MAX_AMOUNT,
  formatLimit,
  formatAmount,
  formatMoney,
  money,
  parseAmount,
  toDecimalString,
  toStoredString,
} from '../../src/domain/money.js';

describe('parseAmount', () => {
  it.each([
    ['100', '100'],
    ['100.5', '100.5'],
    ['100.50', '100.5'],
    ['0.01', '0.01'],
    [' 42 ', '42'],
    ['007', '7'],
    [MAX_AMOUNT, MAX_AMOUNT],
  ])('accepts %j as %s', (input, expected) => {
    expect(toDecimalString(parseAmount(input))).toBe(expected);
  });

  it.each([
    ['-5', 'invalid amount'],
    ['0', 'greater than 0'],
    ['0.00', 'greater than 0'],
    ['1e309', 'invalid amount'],
    ['1e3', 'invalid amount'],
    ['NaN', 'invalid amount'],
    ['Infinity', 'invalid amount'],
    ['-0', 'invalid amount'],
    ['1,000', 'invalid amount'],
    ['１００', 'invalid amount'],
    ['100.123', 'at most 2 decimals'],
    ['0.1234567', 'at most 2 decimals'],
    ['', 'invalid amount'],
    ['.5', 'invalid amount'],
    ['5.', 'invalid amount'],
    ['+5', 'invalid amount'],
    ['1\u200b00', 'invalid amount'],
    ['1'.repeat(40), 'must not exceed'],
    ['100000000.01', 'must not exceed'],
    ['💰', 'invalid amount'],
  ])('refuses %j with a clear usage error', (input, message) => {
    let caught: unknown;
    try {
      parseAmount(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toContain(message);
    expect((caught as UsageError).details.field).toBe('amount');
  });

  it('refuses a JavaScript number: money never passes through one', () => {
    expect(() => parseAmount(100)).toThrow(UsageError);
  });

  it('never throws anything but a UsageError, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        try {
          const m = parseAmount(s);
          expect(m.gt(0) && m.lte(MAX_AMOUNT) && m.decimalPlaces() <= 2).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every valid amount through its decimal string', () => {
    const cents = fc.bigInt({ min: 1n, max: 10_000_000_000n });
    fc.assert(
      fc.property(cents, (c) => {
        const text = `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
        const m = parseAmount(text);
        expect(parseAmount(toDecimalString(m)).eq(m)).toBe(true);
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
