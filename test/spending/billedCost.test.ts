import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

/** Counts the bill-detail reads of the billed layer (ListBillDetail with 5-minute rows) through the proxy. */
function spyDetail(a: ArkWorld, fail: boolean | 500 = false): { calls: Array<Record<string, unknown>> } {
  const spy = { calls: [] as Array<Record<string, unknown>> };
  a.proxy.failWhen((action, body) => {
    if (action !== 'ListBillDetail' || Number(body['GroupPeriod']) !== 2) return false;
    spy.calls.push(body);
    return fail;
  });
  return spy;
}

async function layers(a: ArkWorld) {
  const sub = await a.w.sub('ua');
  return withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
}

describe.each(dbKinds())('the billed layer’s cost on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('reads the bill detail at most once an hour, one or two days, on the billing pacer; nothing while there is no Ark usage', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    const spy = spyDetail(a);
    const perCycle: number[] = [];
    const billing: number[] = [];
    // Four hours of cycles every 10 minutes.
    for (let i = 0; i < 24; i++) {
      await a.w.advance(10 * MIN);
      const before = spy.calls.length;
      const r = await a.w.check();
      perCycle.push(spy.calls.length - before);
      billing.push(r.summary.billingCalls);
    }
    // The first complete usage hour (04:00–05:00, visible 05:30) is the first thing to calibrate: no read
    // before (the earlier open days had no Ark usage: nothing to read either).
    const reads = perCycle.flatMap((n, i) => (n > 0 ? [i] : []));
    expect(reads).toEqual([8, 14, 20]);
    // One day a read (today), an hour apart, account-wide and only the Ark products.
    expect(reads.map((i) => perCycle[i])).toEqual([1, 1, 1]);
    expect(spy.calls[0]).toMatchObject({ GroupPeriod: 2, ExpenseDate: '2026-05-10', BillPeriod: '2026-05' });
    expect(spy.calls[0]!['Product']).toContain('ark_bd');
    expect(spy.calls[0]!['Project']).toBeUndefined();
    // Counted with the cycle's billing calls (the split-bill sweep's pages + the bill detail's).
    expect(billing[8]! - billing[7]!).toBe(1);
    const l = await layers(a);
    expect(Number(l.billed)).toBeGreaterThan(0);
    expect(l.billedAsOf).not.toBeNull();
  });

  it('a day too big for its page budget is left to the estimate, said so, and not tried again before the hour is up', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    await a.w.advance(100 * MIN);
    // One row a page: a day of 5-minute rows is far more than the 4 pages a read may take.
    const spy = spyDetail(a);
    const r = await a.w.check({ tuning: { pageSize: 1 } });
    expect(r.summary.accounts[0]!.complete).toBe(true);
    expect(r.summary.accounts[0]!.billedError).toMatch(/more than 4 pages/);
    expect(spy.calls).toHaveLength(1);
    const l = await layers(a);
    expect(Number(l.billed)).toBe(0);
    expect(Number(l.estimated)).toBeGreaterThan(0);
    await a.w.advance(10 * MIN);
    await a.w.check({ tuning: { pageSize: 1 } });
    expect(spy.calls).toHaveLength(1);
  });

  it('a bill detail that fails leaves the estimate standing: the cycle still decides, and says why', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    await a.w.advance(100 * MIN);
    spyDetail(a, 500);
    const r = await a.w.check();
    expect(r.summary.accounts[0]!.complete).toBe(true);
    expect(r.summary.accounts[0]!.billedError).toBeTruthy();
    const l = await layers(a);
    expect(Number(l.billed)).toBe(0);
    expect(Number(l.spent)).toBeGreaterThan(0);
  });
});
