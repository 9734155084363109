import { afterEach, describe, expect, it } from 'vitest';
import { dashboardCard } from '../../cards/dashboard.js';
import { loadDashboard } from '../../src/feishu/chat/dashboard.js';
import { checkArkEnforceability } from '../../src/services/doctor/arkChecks.js';
import { unattributedArkSpending } from '../../src/services/enforcement/unattributedSpending.js';
import { money } from '../../src/domain/money.js';
import { dbKinds } from '../support/databases.js';
import { cardText, checkCard } from '../cards/support/cardValidator.js';
import { openOrphanWorld, type ArkWorld } from './support.js';

const doctor = (x: ArkWorld) =>
  checkArkEnforceability({ config: x.w.deps.config, deps: x.w.deps, dbReady: true, timeoutMs: 5000 });

describe.each(dbKinds())('the week’s unattributed Ark spending, on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it('sums the Ark spending of a project nobody monitors, on the dashboard and in doctor, and drops it after a week', async () => {
    a = await openOrphanWorld(kind);
    const x = a;

    const u = await unattributedArkSpending(x.w.deps);
    expect(u.failed).toEqual([]);
    expect(u.byProject.map((p) => p.project)).toEqual(['orphan']);
    // what the orphan project really spent, less what the bill does not show yet (the last 5-minute rows)
    const truth = money(x.w.volc.ark.spend().byProject['orphan']!);
    expect(u.total.gt(0)).toBe(true);
    expect(u.total.lte(truth)).toBe(true);
    expect(u.total.gte(truth.times(0.5))).toBe(true);

    const view = await loadDashboard(x.w.deps);
    expect(view.unattributed?.projects.map((p) => p.project)).toEqual(['orphan']);
    for (const [l, s] of [
      ['zh', '近 7 天未归属的方舟消费'],
      ['en', 'Unattributed Ark spending, last 7 days'],
    ] as const) {
      const card = dashboardCard(view, l);
      expect(checkCard(card).problems).toEqual([]);
      expect(cardText(card)).toContain(s);
      expect(cardText(card)).toContain('orphan ¥');
    }
    const week = (await doctor(x)).find((c) => c.id.endsWith('.unattributedWeek'));
    expect(week?.status).toBe('warn');
    expect(week?.detail.en).toMatch(/orphan \d+\.\d\d/);
    expect(week?.detail.en).not.toMatch(/\bpa \d/);

    // a week and a day later, with no more traffic, nothing is left to report
    x.w.volc.ark.stopTraffic();
    await x.w.advance(8 * 86_400_000);
    expect((await unattributedArkSpending(x.w.deps)).byProject).toEqual([]);
    expect((await doctor(x)).some((c) => c.id.endsWith('.unattributedWeek'))).toBe(false);
    const quiet = await loadDashboard(x.w.deps);
    expect(cardText(dashboardCard(quiet, 'en'))).toContain(
      'No unattributed Ark spending in the last 7 days.',
    );
  });
});
