import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDuration,
  formatMoney,
  formatPercent,
  formatShanghai,
  formatShanghaiDay,
  formatSignedMoney,
  percentOf,
} from '../../cards/lib/format.js';
import { progressText } from '../../cards/lib/chart.js';

describe('formatMoney', () => {
  it.each([
    ['0', '¥0.00'],
    ['1234.5', '¥1,234.50'],
    ['12345678901234.56', '¥12,345,678,901,234.56'],
    ['99999999999999999999.999', '¥100,000,000,000,000,000,000.00'],
    ['0.005', '¥0.01'],
    ['0.004999', '¥0.00'],
    ['-12', '-¥12.00'],
    ['-0.001', '¥0.00'],
    ['100.000000', '¥100.00'],
  ])('%s reads %s', (input, expected) => {
    expect(formatMoney(input)).toBe(expected);
  });

  it('takes decimal.js values as they come from the domain', () => {
    expect(formatMoney(new Decimal('12345678901234.56'))).toBe('¥12,345,678,901,234.56');
  });

  it('never goes through a float: every 20-digit amount keeps every digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{0,17}$/), fc.stringMatching(/^\d{2}$/), (int, frac) => {
        const shown = formatMoney(`${int}.${frac}`);
        expect(shown.replace(/[¥,]/g, '')).toBe(`${int}.${frac}`);
        expect(shown).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);
      }),
    );
  });

  it('signs ledger movements', () => {
    expect(formatSignedMoney('100')).toBe('+¥100.00');
    expect(formatSignedMoney('-250.5')).toBe('-¥250.50');
  });
});

describe('percent', () => {
  it('shows one decimal, and ∞ for spending without quota', () => {
    expect(formatPercent('81.25')).toBe('81.3%');
    expect(formatPercent(percentOf('812.5', '1000'))).toBe('81.3%');
    expect(formatPercent(percentOf('5', '0'))).toBe('∞');
    expect(formatPercent(percentOf('0', '0'))).toBe('0.0%');
    expect(formatPercent(new Decimal(Infinity))).toBe('∞');
  });

  it('draws a bar that is full at and beyond 100 %', () => {
    expect(progressText('0')).toBe('□□□□□□□□□□ 0.0%');
    expect(progressText('81.25')).toBe('■■■■■■■■□□ 81.3%');
    expect(progressText('100')).toBe('■■■■■■■■■■ 100.0%');
    expect(progressText('250')).toBe('■■■■■■■■■■ 250.0%');
  });
});

describe('Asia/Shanghai time', () => {
  it('cuts the day at midnight Shanghai time, not UTC', () => {
    expect(formatShanghai(new Date('2025-06-09T15:59:59.999Z'))).toBe('2025-06-09 23:59');
    expect(formatShanghai(new Date('2025-06-09T16:00:00Z'))).toBe('2025-06-10 00:00');
    expect(formatShanghaiDay(new Date('2025-06-09T16:00:00Z'))).toBe('2025-06-10');
    expect(formatShanghai(new Date('2025-12-31T16:30:00Z'), { zone: true })).toBe('2026-01-01 00:30 (UTC+8)');
  });
});

describe('durations', () => {
  it.each([
    [30_000, '不到 1 分钟', 'under a minute'],
    [5 * 60_000, '约 5 分钟', 'about 5 minutes'],
    [5 * 3_600_000, '约 5 小时', 'about 5 hours'],
    [3_600_000, '约 1 小时', 'about 1 hour'],
    [47 * 3_600_000, '约 47 小时', 'about 47 hours'],
    [3 * 86_400_000, '约 3 天', 'about 3 days'],
    [Infinity, '无法估计', 'not estimable'],
  ])('%d ms reads %s / %s', (ms, zh, en) => {
    expect(formatDuration(ms, 'zh')).toBe(zh);
    expect(formatDuration(ms, 'en')).toBe(en);
  });

  it('says how old a reading is', () => {
    const now = new Date('2025-06-10T12:00:00Z');
    expect(formatAgo(new Date('2025-06-10T09:00:00Z'), now, 'zh')).toBe('3 小时前');
    expect(formatAgo(new Date('2025-06-10T09:00:00Z'), now, 'en')).toBe('3 hours ago');
    expect(formatAgo(new Date('2025-06-10T11:59:30Z'), now, 'en')).toBe('just now');
  });
});
