import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { decide, type SubFacts } from '../../src/domain/decide.js';

const base: SubFacts = {
  status: 'active',
  disabledReason: null,
  reenableRequestedAt: null,
  alertedStep: null,
  earlyWarned: false,
  balance: money('100'),
  spent: money('0'),
  thresholds: [50, 80, 90],
  burnPerHour: null,
};
const on = (f: Partial<SubFacts>, complete = true) =>
  decide({ ...base, ...f }, { complete, earlyWarningHours: 6 });
const quotaOff = { status: 'disabled' as const, disabledReason: 'quota_exhausted' };

describe('the watch decides per sub-account', () => {
  it.each([
    ['49.99 % alerts nothing', { spent: money('49.99') }, null],
    ['exactly 50 % alerts 50', { spent: money('50') }, 50],
    ['a jump from 40 % to 95 % alerts only 90', { spent: money('95'), alertedStep: null }, 90],
    ['80 % already alerted this epoch: 85 % alerts nothing', { spent: money('85'), alertedStep: 80 }, null],
    ['after 50 was alerted, 91 % alerts 90', { spent: money('91'), alertedStep: 50 }, 90],
  ])('%s', (_name, facts, step) => {
    const d = on(facts);
    expect(d.step).toBe(step);
    expect(d.action).toBeNull();
  });

  it('at exactly 100 % disables, and records the 100 % step instead of a threshold card', () => {
    expect(on({ spent: money('100'), alertedStep: 80 })).toMatchObject({
      action: 'disable',
      reachedExhausted: true,
      step: null,
    });
    expect(on({ spent: money('100'), alertedStep: 100 })).toMatchObject({
      action: 'disable',
      reachedExhausted: false,
    });
  });

  it('spending without any quota disables; nothing spent and no quota does not', () => {
    expect(on({ balance: money('0'), spent: money('0.01') }).action).toBe('disable');
    expect(on({ balance: money('0'), spent: money('0') }).action).toBeNull();
  });

  it('never disables from incomplete data, but finishes a re-enable an allocation asked for', () => {
    expect(on({ spent: money('150') }, false)).toMatchObject({
      action: null,
      step: null,
      reachedExhausted: false,
    });
    expect(
      on({ ...quotaOff, reenableRequestedAt: new Date(), spent: money('50'), balance: money('200') }, false)
        .action,
    ).toBe('enable');
    expect(on({ ...quotaOff, spent: money('50'), balance: money('200') }, false).action).toBeNull();
  });

  it('re-enables only what it disabled for the quota, and only under 100 %', () => {
    expect(on({ ...quotaOff, spent: money('99') }).action).toBe('enable');
    expect(on({ ...quotaOff, spent: money('100') }).action).toBeNull();
    expect(on({ status: 'disabled', disabledReason: 'manual', spent: money('10') }).action).toBeNull();
    expect(on({ status: 'disabling', disabledReason: 'quota_exhausted', spent: money('120') }).action).toBe(
      'disable',
    );
    expect(on({ status: 'missing', spent: money('500') }).action).toBeNull();
  });

  it('warns early once per epoch when the 24 h burn empties the quota within the horizon', () => {
    expect(on({ spent: money('40'), burnPerHour: money('10') }).earlyWarningHours).toBe(6);
    expect(on({ spent: money('40'), burnPerHour: money('9.99') }).earlyWarningHours).toBeNull();
    expect(
      on({ spent: money('40'), burnPerHour: money('10'), earlyWarned: true }).earlyWarningHours,
    ).toBeNull();
    expect(on({ spent: money('40'), burnPerHour: null }).earlyWarningHours).toBeNull();
    expect(
      decide(
        { ...base, spent: money('99'), burnPerHour: money('50') },
        { complete: true, earlyWarningHours: 0 },
      ).earlyWarningHours,
    ).toBeNull();
  });
});
