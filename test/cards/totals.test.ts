import { describe, expect, it } from 'vitest';
import { billingCard } from '../../cards/billing.js';
import { cardText } from './support/cardValidator.js';

/** Issue 16, item 2: a total shown beside rounded rows is the sum of those rows, to the cent. */
describe('totals beside rounded rows', () => {
  it('the bill card totals the amounts as shown, not the exact 6-decimal ones', () => {
    const rows = [
      { project: 'p-a', subAccount: 'alice', amount: '1.004000', monitored: true },
      { project: 'p-b', subAccount: 'alice', amount: '1.004000', monitored: true },
      { project: 'p-c', subAccount: 'bob', amount: '0.333333', monitored: false },
    ];
    const text = cardText(
      billingCard({ month: '2026-12', rows, total: '2.341333', monitoredTotal: '2.008', page: 1 }, 'zh'),
    );
    expect(text).toContain('¥1.00');
    expect(text).toContain('¥0.33');
    expect(text).toContain('¥2.33'); // 1.00 + 1.00 + 0.33, not ¥2.34
    expect(text).not.toContain('¥2.34');
    expect(text).toContain('¥2.00'); // the monitored rows, not ¥2.01
    expect(text).not.toContain('¥2.01');
  });
});

describe('alert history delivery column', () => {
  it('says an alert whose card reached no one was not delivered, instead of pending (issue 16, item 5)', async () => {
    const { alertListCard } = await import('../../cards/alertList.js');
    const at = new Date('2026-12-05T10:00:00Z');
    const text = cardText(
      alertListCard(
        {
          alerts: [
            {
              at,
              type: 'threshold',
              level: 'warning',
              subAccount: 'a',
              percent: '80',
              delivered: false,
              failed: true,
            },
            { at, type: 'threshold', level: 'warning', subAccount: 'b', percent: '81', delivered: false },
          ],
          page: 1,
        },
        'zh',
      ),
    );
    expect(text).toContain('发送失败');
    expect(text).toContain('待发送');
  });
});
