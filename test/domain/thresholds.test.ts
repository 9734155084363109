import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { highestReached, parseThresholds, stepToAlert } from '../../src/domain/thresholds.js';

const T = [50, 80, 90];

describe('thresholds', () => {
  it.each([
    ['50,80,90', [50, 80, 90]],
    ['90，50 80', [50, 80, 90]],
    ['60, 60, 95', [60, 95]],
    ['0,50', null],
    ['50,100', null],
    ['50.5', null],
    ['abc', null],
    ['', null],
  ])('parses %j', (text, expected) => {
    expect(parseThresholds(text)).toEqual(expected);
  });

  it.each([
    [40, null, null],
    [50, null, 50],
    [95, null, 90],
    [95, 90, null],
    [99.999, 90, null],
    [100, 90, 100],
    [250, null, 100],
    [85, 50, 80],
  ])('at %s %% with %s already sent, alerts %s', (pct, sent, expected) => {
    expect(stepToAlert(money(String(pct)), T, sent)).toBe(expected);
  });

  it('is monotone: more usage never reaches a lower step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 0, max: 20000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const rl = highestReached(money(String(lo)).div(100), T) ?? 0;
        const rh = highestReached(money(String(hi)).div(100), T) ?? 0;
        expect(rh).toBeGreaterThanOrEqual(rl);
      }),
    );
  });
});
