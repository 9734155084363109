import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { readSubAccountViews } from '../../src/db/repos/subAccountView.js';
import { storedSubLayersRepo } from '../../src/db/repos/storedSubLayers.js';
import { loadStoredLayers, storedLayersWindow } from '../../src/services/spending/readLayers.js';
import { fromStored } from '../../src/services/spending/storeSubLayers.js';
import { getSubAccountRoute } from '../../src/api/subaccounts/routes.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

/** The sub-account's spending by layer, as the API and `airgate check` read it. */
async function layers(a: ArkWorld) {
  const sub = await a.w.sub('ua');
  const l = await withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
  return {
    spent: l.spent.toFixed(2),
    final: l.final.toFixed(2),
    billed: l.billed.toFixed(2),
    estimated: l.estimated.toFixed(2),
  };
}

/**
 * Checks that the layers the last cycle stored for the sub-account hold and are what the REST read would
 * compute without them (storeSubLayers.ts): its first read after the cycle takes them.
 */
async function expectStoredLayersHold(a: ArkWorld) {
  const now = a.w.deps.clock.now();
  await withReader(a.w.deps.db, async (m) => {
    const [view] = await readSubAccountViews(m, 'ua');
    const row = await storedSubLayersRepo.find(m, view!.subAccount.id);
    const stored = fromStored(row, view!.layersVersion, storedLayersWindow(now), view!.projects);
    expect(stored).not.toBeNull();
    expect(stored).toEqual(await loadStoredLayers(m, view!.projects, now));
  });
}

/** What project pa truly spent so far, at the simulator (yuan, 2 decimals). */
function trulySpent(a: ArkWorld): number {
  return Number(a.w.volc.ark.spend().byProject['pa'] ?? '0');
}

describe.each(dbKinds())('spending minutes old on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('stops a sub-account burning Ark money within the usage lag + one interval, long before the split bill shows it', async () => {
    a = await openArkWorld(kind, { quota: '10', settings: { arkThrottlePercent: 0 } });
    // The real lags: the split bill a day late, usage 30 minutes late.
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    let crossedAt: number | null = null;
    let stoppedAt: number | null = null;
    for (let i = 1; i <= 30 && stoppedAt === null; i++) {
      await a.w.advance(10 * MIN);
      if (crossedAt === null && trulySpent(a) >= 10) crossedAt = a.w.deps.clock.now().getTime();
      await a.w.check();
      await a.w.deliver();
      if ((await a.w.sub('ua')).status === 'disabled') stoppedAt = a.w.deps.clock.now().getTime();
    }
    expect(crossedAt).not.toBeNull();
    expect(stoppedAt).not.toBeNull();
    // Crossing is seen on the check after the usage shows it: at most 30 min + one 10-min interval.
    expect((stoppedAt! - crossedAt!) / MIN).toBeLessThanOrEqual(40);
    // The split bill shows nothing of today yet: the stop came from the fresher layers (the bill detail's
    // complete hours and the estimate after them).
    const l = await layers(a);
    expect(l.final).toBe('0.00');
    expect(Number(l.billed) + Number(l.estimated)).toBeGreaterThanOrEqual(10);
  });

  it('never counts a day twice while it moves from estimated to billed to final', async () => {
    a = await openArkWorld(kind, { quota: '1000', settings: { arkThrottlePercent: 0 } });
    // Compared with the true spend: no revision of the split bill (arkRevision.test.ts tests those).
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30, splitBillRevision: null });
    await a.w.advance(60 * MIN);
    a.w.volc.ark.stopTraffic();
    const truth = trulySpent(a).toFixed(2);
    expect(Number(truth)).toBeGreaterThan(5);
    // Estimated: the usage of the hour is visible after its lag; the split bill has nothing yet, and the
    // bill detail is not read (its layer off for this cycle).
    await a.w.advance(40 * MIN);
    await a.w.check({ tuning: { billedEveryMs: 0 } });
    expect(await layers(a)).toEqual({ spent: truth, final: '0.00', billed: '0.00', estimated: truth });
    await expectStoredLayersHold(a);
    // Billed, unsplit: the 5-minute bill detail covers the hour; the same money, now as billed.
    await a.w.check();
    expect(await layers(a)).toEqual({ spent: truth, final: '0.00', billed: truth, estimated: '0.00' });
    await expectStoredLayersHold(a);
    // GET /api/v1/subaccounts/{name} says which is which.
    const api = (await getSubAccountRoute.handle(a.w.deps, {
      params: { name: 'ua' },
    } as never)) as { body: Record<string, unknown> };
    expect(api.body).toMatchObject({ finalAsOf: '2026-05-07' });
    expect(Number(api.body['spent'])).toBeCloseTo(Number(truth), 2);
    expect(Number(api.body['billed'])).toBeCloseTo(Number(truth), 2);
    expect(Number(api.body['estimated'])).toBe(0);
    expect(Number(api.body['final'])).toBe(0);
    expect(typeof api.body['estimatedAsOf']).toBe('string');
    expect(typeof api.body['billedAsOf']).toBe('string');
    // Final: the split bill catches up while the day is still open; the fresher layers step aside.
    a.w.volc.ark.settings({ splitBillLagMinutes: 0 });
    await a.w.check();
    expect(await layers(a)).toEqual({ spent: truth, final: truth, billed: '0.00', estimated: '0.00' });
    await expectStoredLayersHold(a);
    // Final: three days on the day is closed; it counts once.
    for (let d = 0; d < 3; d++) {
      await a.w.advance(24 * 60 * MIN);
      await a.w.check();
    }
    expect(await layers(a)).toEqual({ spent: truth, final: truth, billed: '0.00', estimated: '0.00' });
    const sub = await a.w.sub('ua');
    expect(sub.status).toBe('active');
  });
});
