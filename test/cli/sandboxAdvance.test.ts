import { describe, expect, it } from 'vitest';
import { advanceSummary, formatDuration, parseDuration } from '../../src/cli/commands/sandboxChat.js';

describe('/advance durations in the sandbox chat', () => {
  it.each([
    ['1h', 3_600_000],
    ['30m', 1_800_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['10 min', 600_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '-1h', '0m', '1e3h', '40d', '1y'])('refuses %j', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});

describe('/advance says how far, in minutes, hours and days', () => {
  it.each([
    [600_000, 'zh', '10 分钟'],
    [600_000, 'en', '10 min'],
    [3_600_000, 'zh', '1 小时'],
    [5_400_000, 'zh', '1 小时 30 分钟'],
    [93_600_000, 'en', '1 d 2 h'],
  ] as const)('%d ms in %s → %s', (ms, locale, text) => expect(formatDuration(ms, locale)).toBe(text));

  it('prints the virtual time reached and what the checks on the way did', () => {
    const r = {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-01T00:10:00Z'),
      checks: 1,
      busy: 0,
      stepMs: 600_000,
      alerts: 2,
      disabled: ['burner'],
      enabled: [],
      last: undefined,
    };
    const zh = advanceSummary(r, 600_000, 'zh');
    expect(zh).toContain('前进 10 分钟');
    expect(zh).not.toContain('0.17');
    expect(zh).toContain('2026-01-01 08:10 (UTC+8)');
    expect(zh).toContain('禁用 burner');
    expect(advanceSummary(r, 600_000, 'en')).toContain('+10 min, now 2026-01-01 08:10 (UTC+8)');
  });
});
