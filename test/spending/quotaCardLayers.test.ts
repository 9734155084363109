import { afterEach, describe, expect, it } from 'vitest';
import { quotaCard } from '../../cards/quota.js';
import { loadQuotaView } from '../../src/feishu/chat/quota.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

describe.each(dbKinds())('the quota card counts what the alerts count on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('spent and percent are bill + bill detail + estimate, and the card says which part is which', async () => {
    a = await openArkWorld(kind, { quota: '100', settings: { arkThrottlePercent: 0 } });
    // The split bill a day late: everything of today is in the fresher layers.
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    for (let i = 0; i < 10; i++) {
      await a.w.advance(10 * MIN);
      await a.w.check();
      await a.w.deliver();
    }
    const sub = await a.w.sub('ua');
    const layers = await withReader(a.w.deps.db, async (m) =>
      loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
    );
    expect(Number(layers.final)).toBe(0);
    expect(Number(layers.spent)).toBeGreaterThan(10);

    const view = await loadQuotaView(a.w.deps, 'ua');
    expect(String(view.quota.spent)).toBe(String(layers.spent));
    expect(Number(view.quota.percent)).toBeCloseTo(Number(layers.spent), 6);
    const zh = JSON.stringify(quotaCard(view, 'zh'));
    expect(zh).toContain('已出账 ¥0.00');
    expect(zh).toContain('已计费未分账');
    expect(zh).toContain('估算');
    // The alert that fired on this spending and the card agree on the percent (quota 100: percent = spent).
    const en = JSON.stringify(quotaCard(view, 'en'));
    expect(en).toContain('estimated');
  });
});
