import { afterEach, describe, expect, it } from 'vitest';
import { thresholdAlertCard } from '../../cards/thresholdAlert.js';
import { dbKinds } from '../support/databases.js';
import { ALERT_CHAT } from '../watch/support.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

describe('burn rate wording', () => {
  it('says "数据不足" when the burn rate is unknown, never ¥0.00/小时', () => {
    const card = JSON.stringify(
      thresholdAlertCard(
        {
          sub: { id: 's1', name: 'ua' },
          threshold: 50,
          quota: { quota: '100', spent: '50', remaining: '50', percent: '50' },
          projects: [{ name: 'pa', spent: '50' }],
          burnPerHour: null,
          exhaustsInHours: null,
          freshness: { newestBillRowAt: null, worstCaseOverspend: '0' },
          now: new Date('2026-05-10T04:00:00Z'),
        },
        'zh',
      ),
    );
    expect(card).toContain('数据不足');
    expect(card).not.toContain('¥0.00/小时');
  });

  it('an unknown burn rate makes the overspend unknown too, never "最多可能再多 ¥0.00"', async () => {
    const { worstCaseOverspend } = await import('../../src/services/watch/alertViews.js');
    const ctx = { lagHours: 48, intervalMinutes: 10 };
    expect(worstCaseOverspend(null, ctx)).toBeNull();
    for (const locale of ['zh', 'en'] as const) {
      const card = JSON.stringify(
        thresholdAlertCard(
          {
            sub: { id: 's1', name: 'ua' },
            threshold: 90,
            quota: { quota: '340', spent: '314.27', remaining: '25.73', percent: '92.4' },
            projects: [{ name: 'pa', spent: '314.27' }],
            burnPerHour: null,
            exhaustsInHours: null,
            freshness: { newestBillRowAt: new Date('2026-05-10T03:00:00Z'), worstCaseOverspend: null },
            now: new Date('2026-05-10T04:00:00Z'),
          },
          locale,
        ),
      );
      expect(card).not.toMatch(/¥0\.00。|up to ¥0\.00/);
      expect(card).toContain(locale === 'zh' ? '消费速度还不清楚' : 'the spending rate is not known yet');
    }
  });
});

describe.each(dbKinds())('burn rate from the fresh layer on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('a spending sub-account shows its burn from the first cycles after start, with the bill and the estimate apart', async () => {
    a = await openArkWorld(kind, { quota: '20', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    for (let i = 0; i < 12; i++) {
      await a.w.advance(10 * MIN);
      await a.w.check();
      await a.w.deliver();
    }
    const cards = a.w.feishu
      .messages({ chatId: ALERT_CHAT })
      .map((m) => JSON.stringify(m.card))
      .filter((c) => c.includes('已用到额度的'));
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) {
      expect(c).not.toContain('¥0.00/小时');
      expect(c).not.toContain('数据不足');
      expect(c).toMatch(/¥1[01]\.\d\d\/小时/);
      expect(c).toContain('已出账 ¥0.00');
      expect(c).toMatch(/估算 ¥\d+\.\d\d（截至 \d\d:\d\d）/);
    }
  });
});
