import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;
const USAGE = new Set(['GetInferenceUsage', 'ListModelChargeItems']);

/** What the estimate adds to ua's spending (yuan), as the API reads it. */
async function estimated(a: ArkWorld): Promise<string> {
  const sub = await a.w.sub('ua');
  const l = await withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
  return l.estimated.toFixed(2);
}

/** The actions AirGate sent to Volcengine, in the order they reached it. */
function recordCalls(a: ArkWorld): string[] {
  const order: string[] = [];
  a.proxy.failWhen((action) => {
    order.push(action);
    return false;
  });
  return order;
}

describe.each(dbKinds())('a cycle reading ahead on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('reads Ark usage and prices while the bill is still being read, and the estimate counts as before', async () => {
    a = await openArkWorld(kind, { quota: '1000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    await a.w.advance(90 * MIN);
    const order = recordCalls(a);
    // One bill row a page at the billing pacer's production pace: the sweep is many pages a window apart,
    // as at 2,000 sub-accounts.
    const r = await a.w.check({ tuning: { pageSize: 1, billingQps: 5, billedEveryMs: 0 } });
    const outcome = r.summary.accounts[0]!;
    expect(outcome.complete).toBe(true);
    expect(outcome.freshError).toBeUndefined();
    const pages = order.filter((x) => x === 'ListSplitBillDetail').length;
    expect(pages).toBeGreaterThanOrEqual(4);
    // The usage and price reads went out before the last bill page: the cycle does not wait for the bill to
    // start them (they have their own limit), so it ends sooner after its last page.
    const lastPage = order.lastIndexOf('ListSplitBillDetail');
    const usage = order.flatMap((x, i) => (USAGE.has(x) ? [i] : []));
    expect(usage.length).toBe(2);
    for (const i of usage) expect(i).toBeLessThan(lastPage);
    // …and the estimate they feed is there as it always was.
    expect(Number(await estimated(a))).toBeGreaterThan(0);
  });

  it('when a bill page fails, stores no estimate and reads no bill detail, and the next cycle counts each day once', async () => {
    a = await openArkWorld(kind, { quota: '1000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    await a.w.advance(90 * MIN);
    const first = await a.w.check();
    expect(first.summary.accounts[0]!.complete).toBe(true);
    const before = await estimated(a);
    const statusBefore = (await a.w.sub('ua')).status;

    await a.w.advance(60 * MIN);
    const order: string[] = [];
    let pages = 0;
    // The third bill page of the cycle fails (after the client's retries: every attempt at it fails).
    a.proxy.failWhen((action) => {
      order.push(action);
      if (action !== 'ListSplitBillDetail') return false;
      pages++;
      return pages >= 3 ? 500 : false;
    });
    const failed = await a.w.check({ tuning: { pageSize: 1 } });
    const outcome = failed.summary.accounts[0]!;
    expect(outcome.complete).toBe(false);
    // Nothing of the estimate was stored from a cycle whose bill was incomplete (D1), and no bill-detail
    // page was spent on it.
    expect(await estimated(a)).toBe(before);
    expect(order).not.toContain('ListBillDetail');
    expect((await a.w.sub('ua')).status).toBe(statusBefore);

    // The next complete cycle: each project's spent is the bill's, not the bill's plus what was read before.
    a.proxy.failWhen(null);
    const next = await a.w.check({ tuning: { pageSize: 1 } });
    expect(next.summary.accounts[0]!.complete).toBe(true);
    const projects = await withReader(a.w.deps.db, async (m) =>
      a.w.deps.repos.projects.listBySubAccount(m, (await a.w.sub('ua')).id),
    );
    const days = await withReader(a.w.deps.db, (m) =>
      a.w.deps.repos.spending.list(m, {
        accountId: a.w.accountId,
        projectNames: ['pa'],
        sinceDay: '2026-05-10',
      }),
    );
    const sum = days.reduce((s, d) => s.plus(d.amount), money('0'));
    expect(projects[0]!.spent.toFixed(6)).toBe(sum.toFixed(6));
  });
});
