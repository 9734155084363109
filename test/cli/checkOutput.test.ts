import { afterEach, describe, expect, it } from 'vitest';
import { checkJson, checkText } from '../../src/cli/commands/check.js';
import { NotFoundError } from '../../src/errors.js';
import { emptySummary, reasonOf } from '../../src/services/watch/context.js';

// What a sweep stores when a refusal ends an account's check or a sub-account's disable: the log form.
const stored = reasonOf(new NotFoundError({ reason: 'sub_account_missing', params: { name: 'bob' } }));

function result() {
  const summary = emptySummary();
  summary.accounts.push({
    accountId: 'acc-1',
    name: 'main',
    complete: false,
    billingCalls: 1,
    rows: 0,
    daysWritten: 0,
    subAccounts: 1,
    error: stored,
    unattributed: null,
    outsidePeriodRows: 0,
  });
  summary.failures.push({ subAccount: 'bob', action: 'disable', reason: stored });
  const at = new Date('2026-06-01T00:00:00Z');
  return { ran: true as const, cycleId: 7, fence: 1, startedAt: at, finishedAt: at, durationMs: 5, summary };
}

describe('airgate check prints a stored refusal in words', () => {
  const before = process.env.AIRGATE_LOCALE;
  afterEach(() => {
    if (before === undefined) delete process.env.AIRGATE_LOCALE;
    else process.env.AIRGATE_LOCALE = before;
  });

  it('in Chinese by default and in English with AIRGATE_LOCALE=en, never the log form', () => {
    expect(stored).toBe('sub_account_missing {"name":"bob"}');
    delete process.env.AIRGATE_LOCALE;
    const zh = checkText(result());
    expect(zh).toContain('子账号 bob 在火山引擎上已不存在');
    expect(zh).toContain('disable bob: 子账号 bob 在火山引擎上已不存在');
    expect(zh).not.toContain('sub_account_missing');
    process.env.AIRGATE_LOCALE = 'en';
    const en = checkText(result());
    expect(en).toContain('disable bob: sub-account bob no longer exists on Volcengine');
    expect(en).not.toContain('sub_account_missing');
  });

  it('--json keeps the stored text raw and adds its words beside it', () => {
    process.env.AIRGATE_LOCALE = 'en';
    const json = checkJson(result()) as {
      summary: {
        accounts: Array<{ error: string; words: string }>;
        failures: Array<{ reason: string; words: string }>;
      };
    };
    const [account] = json.summary.accounts;
    const [failure] = json.summary.failures;
    expect(account).toMatchObject({ error: stored, words: 'sub-account bob no longer exists on Volcengine' });
    expect(failure).toMatchObject({
      reason: stored,
      words: 'sub-account bob no longer exists on Volcengine',
    });
  });
});
