import { describe, expect, it } from 'vitest';
import {
  billDay,
  billDayEnd,
  billDayStart,
  billPeriod,
  periodFinalAt,
  periodsToSweep,
  previousPeriod,
} from '../../src/domain/billingPeriod.js';

describe('bill days and months are cut in Asia/Shanghai', () => {
  it.each([
    ['2026-11-30T15:59:59.999Z', '2026-11-30', '2026-11'], // 23:59:59.999 in Shanghai
    ['2026-11-30T16:00:00.000Z', '2026-12-01', '2026-12'], // 00:00 in Shanghai: a new day and month
    ['2026-12-31T16:00:00.000Z', '2027-01-01', '2027-01'], // and a new year
    ['2026-03-01T00:00:00.000Z', '2026-03-01', '2026-03'],
  ])('%s is bill day %s of %s', (iso, day, period) => {
    expect(billDay(new Date(iso))).toBe(day);
    expect(billPeriod(new Date(iso))).toBe(period);
  });

  it('gives a day its UTC bounds', () => {
    expect(billDayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(billDayEnd('2026-12-01').toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('sweeps the previous month too until it is settled', () => {
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(periodsToSweep(new Date('2026-12-01T01:00:00Z'), false)).toEqual(['2026-11', '2026-12']);
    expect(periodsToSweep(new Date('2026-12-15T01:00:00Z'), true)).toEqual(['2026-12']);
  });

  it('makes a month final at 10:00 Shanghai on day 5, or on the 6th working day with contract billing', () => {
    expect(periodFinalAt('2026-11').toISOString()).toBe('2026-12-05T02:00:00.000Z');
    expect(periodFinalAt('2026-12').toISOString()).toBe('2027-01-05T02:00:00.000Z');
    // December 2026 begins on a Tuesday: Tue 1 … Fri 4, Mon 7, Tue 8 is the 6th working day.
    expect(periodFinalAt('2026-11', true).toISOString()).toBe('2026-12-08T02:00:00.000Z');
  });
});
