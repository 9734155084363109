import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, toDecimalString } from '../../src/domain/money.js';
import { UsageError } from '../../src/errors.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { wordsOf } from '../errors/refusalWords.js';

describe('an amount a person typed', () => {
  it('is read with the domain rules', () => {
    expect(toDecimalString(parseAmount(' 100.50 '))).toBe('100.5');
  });

  it.each([
    ['-5', 'invalid amount'],
    ['0', 'greater than 0'],
    ['0.00', 'greater than 0'],
    ['1e3', 'invalid amount'],
    ['１００', 'invalid amount'],
    ['100.123', 'at most 2 decimals'],
    ['', 'invalid amount'],
    ['1'.repeat(40), 'must not exceed'],
    ['100000000.01', 'must not exceed'],
  ])('refuses %j with a clear usage error', (input, message) => {
    let caught: unknown;
    try {
      parseAmount(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect(wordsOf(caught)).toContain(message);
    expect((caught as UsageError).details.field).toBe('amount');
    expect((caught as UsageError).details.usage).toContain('at most 2 decimals');
  });

  it('names the field it was given', () => {
    expect(() => parseAmount('x', 'limit')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'limit' }) }),
    );
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
});
