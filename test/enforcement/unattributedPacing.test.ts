import { afterEach, describe, expect, it } from 'vitest';
import { loadDashboard } from '../../src/feishu/chat/dashboard.js';
import { unattributedArkSpending } from '../../src/services/enforcement/unattributedSpending.js';
import { Decimal } from 'decimal.js';
import { ARK_BILL_PRODUCT } from '../../src/volc/actions/ark.js';
import { BILL_PAGE_LIMIT, listBill, listSplitBillDetail } from '../../src/volc/actions/billing.js';
import { billingPacer, paced } from '../../src/volc/billingPacer.js';
import { VolcClient } from '../../src/volc/client.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, type WatchWorld } from '../watch/support.js';
import { openOrphanWorld, type ArkWorld } from './support.js';

/**
 * The week's unattributed Ark spending is read by the scheduler, beside the watch's sweep of the same
 * account: its bill pages take their turns on the account's one billing pacer (5 requests a second for all
 * bill APIs together), so neither is refused. Before, its pages went out unpaced and a sweep at full rate
 * was throttled.
 */
describe.each(dbKinds())(
  'the unattributed-spending read shares the account’s billing pacer, on %s',
  (kind) => {
    let a: ArkWorld | undefined;
    afterEach(async () => {
      await a?.close();
      a = undefined;
    });

    it('read while other bill reads use the account’s 5 requests a second: nothing is throttled', async () => {
      a = await openOrphanWorld(kind);
      const x = a;
      const throttled = async () => {
        const r = (await (await fetch(`${x.w.volc.url}/__sim/calls`)).json()) as {
          throttled: { billing?: number };
        };
        return r.throttled.billing ?? 0;
      };
      // The documented limit, which the test worlds switch off for their virtual clock.
      await fetch(`${x.w.volc.url}/__sim/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ billingQps: 5 }),
      });
      const before = await throttled();
      // What the sweep does: paced reads through the account's pacer, sent once (a refusal shows at the simulator).
      const sweep = new VolcClient({
        credentials: x.w.volc.credentials,
        endpoint: x.w.volc.url,
        retry: { maxAttempts: 1 },
      });
      const pacer = billingPacer(x.w.accountId);
      const sweepReads = Array.from({ length: 8 }, () =>
        paced(pacer, () => listBill(sweep, { BillPeriod: '2026-05', Limit: 10 })),
      );
      const [u] = await Promise.all([unattributedArkSpending(x.w.deps), ...sweepReads]);
      expect(u.failed).toEqual([]);
      expect(u.byProject.map((p) => p.project)).toEqual(['orphan']);
      expect((await throttled()) - before).toBe(0);
    }, 20_000);

    it('dashboard opens within a quarter of an hour share one read of the week', async () => {
      a = await openOrphanWorld(kind);
      const x = a;
      const pages = async () => {
        const r = (await (await fetch(`${x.w.volc.url}/__sim/calls`)).json()) as {
          byAction: Record<string, number>;
        };
        return r.byAction['ListSplitBillDetail'] ?? 0;
      };
      const p0 = await pages();
      const [one, two] = await Promise.all([loadDashboard(x.w.deps), loadDashboard(x.w.deps)]);
      const p1 = await pages();
      expect(p1 - p0).toBeGreaterThan(0);
      expect(one.unattributed?.projects.map((p) => p.project)).toEqual(['orphan']);
      expect(two.unattributed).toEqual(one.unattributed);
      await x.w.advance(10 * 60_000);
      await loadDashboard(x.w.deps);
      expect(await pages()).toBe(p1);
      await x.w.advance(6 * 60_000);
      const later = await loadDashboard(x.w.deps);
      expect(await pages()).toBeGreaterThan(p1);
      expect(later.unattributed?.projects.map((p) => p.project)).toEqual(['orphan']);
    });
  },
);

describe('the unattributed-spending read on a large account late in the month', () => {
  let w: WatchWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('reads the week day by day when that takes fewer pages than the whole month, and finds the same sums', async () => {
    // 400 Ark projects nobody monitors, spending since the 1st; on the 28th the month is 11,200 rows
    // (38 pages), the week 7 days × 2 pages.
    const projects = Array.from({ length: 400 }, (_, i) => `ark-${String(i).padStart(3, '0')}`);
    w = await openWatchWorld('sqlite', {
      start: '2026-05-01T00:00:00Z',
      seed: {
        billLagMinutes: 0,
        projects: projects.map((projectName) => ({ projectName })),
        burns: projects.map((project, i) => ({
          project,
          ratePerHour: `0.${String(10 + (i % 80)).padStart(2, '0')}`,
          product: ARK_BILL_PRODUCT,
        })),
      },
    });
    const x = w;
    await x.advance(27 * 86_400_000 + 12 * 3_600_000);
    const calls = async () => {
      const r = (await (await fetch(`${x.volc.url}/__sim/calls`)).json()) as {
        byAction: Record<string, number>;
      };
      return r.byAction['ListSplitBillDetail'] ?? 0;
    };
    const before = await calls();
    const u = await unattributedArkSpending(x.deps);
    const pages = (await calls()) - before;
    expect(u.failed).toEqual([]);
    expect(u.since).toBe('2026-05-22');
    expect(u.byProject).toHaveLength(400);
    expect(pages).toBe(1 + 7 * 2);

    // The same sums as a whole-month read filtered to the week.
    const client = await x.deps.volc(x.accountId);
    const whole = new Map<string, Decimal>();
    for (let offset = 0; ; offset += BILL_PAGE_LIMIT) {
      const r = await listSplitBillDetail(client, {
        BillPeriod: '2026-05',
        GroupPeriod: 1,
        Product: [ARK_BILL_PRODUCT],
        Limit: BILL_PAGE_LIMIT,
        Offset: offset,
        NeedRecordNum: 1,
      });
      for (const row of r.List) {
        if (row.ExpenseDate! < u.since || row.ExpenseDate! > u.until) continue;
        whole.set(row.Project, (whole.get(row.Project) ?? new Decimal(0)).plus(row.PayableAmount));
      }
      if (offset + BILL_PAGE_LIMIT >= r.Total) break;
    }
    expect(u.byProject.map((p) => [p.project, p.amount.toFixed(6)]).sort()).toEqual(
      [...whole].map(([p, v]) => [p, v.toFixed(6)]).sort(),
    );
  }, 60_000);
});
