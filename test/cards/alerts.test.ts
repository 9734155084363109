import { describe, expect, it } from 'vitest';
import { earlyWarningCard } from '../../cards/earlyWarning.js';
import { subAccountDisabledCard } from '../../cards/subAccountDisabled.js';
import { subAccountReEnabledCard } from '../../cards/subAccountReEnabled.js';
import { syncErrorCard } from '../../cards/syncError.js';
import { thresholdAlertCard } from '../../cards/thresholdAlert.js';
import { parseActionValue } from '../../cards/lib/values.js';
import { callbackValues, cardText } from './support/cardValidator.js';
import { alice, EARLIER, freshness, NOW, projects, quota80, quotaOver } from './support/views.js';

describe('spending-watch alerts', () => {
  const threshold = (locale: 'zh' | 'en', more: Partial<Parameters<typeof thresholdAlertCard>[0]> = {}) =>
    thresholdAlertCard(
      {
        sub: alice,
        threshold: 80,
        quota: quota80,
        projects,
        burnPerHour: '12.5',
        exhaustsInHours: 15,
        freshness,
        now: NOW,
        ...more,
      },
      locale,
    );

  it('a threshold alert shows spent, quota, remaining, percent, projects, burn, time left and data freshness', () => {
    const text = cardText(threshold('en'));
    for (const s of [
      '¥812.50',
      '¥1,000.00',
      '¥187.50',
      '81.3%',
      'ml-training',
      '¥600.25',
      '(74%)',
      '**¥12.50/hour**',
      'about 15 hours',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Newest bill data: 2025-06-10 16:05 (UTC+8) (3 hours ago).');
    expect(text).toContain('may be up to ¥26.40 higher');
  });

  it('offers "request more quota" and "open the sub-account" for that sub-account', () => {
    const values = callbackValues(threshold('zh')).map(parseActionValue);
    expect(values).toEqual([
      { a: 'quota.applyPrompt', v: 1, sub: alice.id },
      { a: 'user.open', v: 1, sub: alice.id },
    ]);
  });

  it('the header names the threshold crossed', () => {
    expect(threshold('zh').header?.title.content).toBe('alice 已用到额度的 80%');
  });

  it('early warning says when the quota runs out', () => {
    const card = earlyWarningCard(
      {
        sub: alice,
        quota: quota80,
        projects,
        burnPerHour: '50',
        exhaustsInHours: 3.75,
        horizonHours: 6,
        freshness,
        now: NOW,
      },
      'zh',
    );
    expect(card.header?.template).toBe('orange');
    expect(card.header?.subtitle?.content).toBe('预计 约 4 小时 后用完');
  });

  it('disabled is red and lists exactly what was turned off; re-enabled is green and lists what came back', () => {
    const off = subAccountDisabledCard(
      {
        sub: alice,
        quota: quotaOver,
        projects,
        accessKeys: ['AKLT1', 'AKLT2'],
        login: true,
        at: NOW,
        burnPerHour: '50',
        freshness,
        now: NOW,
      },
      'zh',
    );
    expect(off.header?.template).toBe('red');
    expect(cardText(off)).toContain('已停用的访问密钥：AKLT1、AKLT2');
    expect(cardText(off)).toContain('已禁止控制台登录');
    const on = subAccountReEnabledCard(
      { sub: alice, quota: quota80, accessKeys: ['AKLT1'], login: false, at: NOW },
      'en',
    );
    expect(on.header?.template).toBe('green');
    expect(cardText(on)).toContain('Access keys turned back on: AKLT1');
    expect(cardText(on)).toContain('Console login left as it was.');
  });

  it('a sync error says no disable was decided, and escalates after repeated failures', () => {
    const once = syncErrorCard(
      { account: 'main', at: NOW, reason: '503', consecutive: 1, subAccounts: 8, lastCompleteAt: EARLIER },
      'en',
    );
    expect(cardText(once)).toContain('no disable was decided for its 8 sub-accounts');
    expect(once.header?.template).toBe('orange');
    const often = syncErrorCard(
      { account: 'main', at: NOW, reason: '503', consecutive: 3, subAccounts: 8 },
      'en',
    );
    expect(often.header?.template).toBe('red');
    expect(cardText(often)).toContain('This keeps failing');
  });

  it('spent by layer: a team with nothing beyond the split bill reads the bill alone, not "+ 估算 ¥0.00"', () => {
    const withLayers = (estimated: string, locale: 'zh' | 'en') =>
      cardText(
        threshold(locale, {
          layers: { final: '812.5', estimated, finalAsOf: '2026-12-03', estimatedAsOf: NOW },
        }),
      );
    const billOnly = withLayers('0', 'zh');
    expect(billOnly).toContain('已出账 ¥812.50（截至 12-03）');
    expect(billOnly).not.toContain('估算');
    expect(withLayers('0', 'en')).toContain('billed ¥812.50 (to 12-03)');
    expect(withLayers('0', 'en')).not.toContain('estimated');
    expect(withLayers('3.2', 'zh')).toMatch(/已出账 ¥812\.50（截至 12-03）\+ 估算 ¥3\.20（截至 \d\d:\d\d）/);
  });

  it('the burn rate is called the current rate, not the last 24 hours’ (it may be the Ark usage’s or the average since counting began)', () => {
    const zh = cardText(threshold('zh'));
    expect(zh).toContain('当前消费速度 **¥12.50/小时**');
    expect(zh).not.toContain('24 小时');
    expect(cardText(threshold('en'))).not.toMatch(/24 h/);
  });
});
