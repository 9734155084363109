import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/commands/sandboxChat.js';

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
