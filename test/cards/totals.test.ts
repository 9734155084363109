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
