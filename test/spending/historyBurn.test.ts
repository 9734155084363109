import { afterEach, describe, expect, it } from 'vitest';
import { getQuota } from '../../src/services/quota/getQuota.js';
import { money } from '../../src/domain/money.js';
import { historyPerHour } from '../../src/services/spending/historyBurn.js';
import { dbKinds } from '../support/databases.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

describe('the burn rate from the bill history', () => {
  it('averages each monitored project since it began counting; null only before a full day of it', () => {
    const now = new Date('2026-05-20T16:00:00Z'); // May 21 00:00 Shanghai
    const p = (spent: string, countsFrom = '2026-05-01', monitored = true) => ({
      projectName: 'p',
      countsFrom,
      monitored,
      spent: money(spent),
    });
    // 20 days counted: ¥960 is ¥2/h; two projects add up.
    expect(historyPerHour([p('960')], now)?.toFixed(2)).toBe('2.00');
    expect(historyPerHour([p('960'), p('240', '2026-05-16')], now)?.toFixed(2)).toBe('4.00');
    // Nothing spent over days it counted: a real ¥0/h, not unknown.
    expect(historyPerHour([p('0')], now)?.toFixed(2)).toBe('0.00');
    // Less than a full day counted, or not monitored: unknown.
    expect(historyPerHour([p('5', '2026-05-21')], now)).toBeNull();
    expect(historyPerHour([p('960', '2026-05-01', false)], now)).toBeNull();
  });
});

describe.each(dbKinds())('a new install with days of bills (%s)', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('shows the rate and the time left from the first cycle, on the alert card and the quota', async () => {
    w = await openWatchWorld(kind, {
      start: '2026-05-20T04:00:00Z',
      seed: {
        billLagMinutes: 60,
        projects: [{ projectName: 'pa' }],
        users: [simUser('ua')],
        burns: [{ project: 'pa', user: 'ua', ratePerHour: '2', since: '2026-04-30T16:00:00Z' }],
      },
      settings: { earlyWarningHours: 0 },
    });
    await w.addSub('ua', ['pa'], { quota: '1000', countsFrom: '2026-05-01' });
    await w.check();
    await w.deliver();
    const cards = w.feishu
      .messages({ chatId: ALERT_CHAT })
      .map((m) => JSON.stringify(m.card))
      .filter((c) => c.includes('已用到额度的'));
    expect(cards.length).toBeGreaterThan(0);
    // ¥2/h since May 1, averaged over the hours since (the last hour not billed yet): ¥1.99–2.00.
    expect(cards.at(-1)).toMatch(/¥(1\.99|2\.00)\/小时/);
    expect(cards.at(-1)).not.toContain('数据不足');
    const q = await getQuota(w.deps, { subAccountId: (await w.sub('ua')).id });
    expect(Number(q.burn?.perHour)).toBeGreaterThan(1.98);
    expect(Number(q.burn?.perHour)).toBeLessThanOrEqual(2);
    expect(q.burn?.exhaustsInHours).toBeGreaterThan(0);
  });
});
