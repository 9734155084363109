import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, MODEL, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

/** What the estimate adds to a sub-account's spending (yuan), as the API reads it. */
async function estimated(a: ArkWorld, userName: string): Promise<string> {
  const sub = await a.w.sub(userName);
  const l = await withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
  return l.estimated.toFixed(2);
}

/** What the simulator reports at GET /__sim/calls (real HTTP). */
async function simCalls(
  a: ArkWorld,
): Promise<{ byAction: Record<string, number>; throttled: Record<string, number> }> {
  const res = await fetch(`${a.w.volc.url}/__sim/calls`);
  return (await res.json()) as { byAction: Record<string, number>; throttled: Record<string, number> };
}

describe.each(dbKinds())('Ark usage and price reads on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('stay within the account’s usage limit over cycles back to back, for several projects', async () => {
    a = await openArkWorld(kind, {
      quota: '1000',
      otherProjects: ['pb'],
      settings: { arkThrottlePercent: 0 },
    });
    // A second project burning Ark money, watched by a second sub-account.
    const ep = a.w.volc.ark.createEndpoint({ project: 'pb', model: MODEL });
    const k = a.w.volc.ark.createKey({ project: 'pb', name: 'pb-key' });
    a.w.volc.ark.addTraffic({ apiKey: k.apiKey, target: String(ep['Id']), callsPerMinute: 30, label: 'pb' });
    await a.w.addSub('ub', ['pb'], { quota: '1000', countsFrom: '2026-05-10' });
    await a.w.advance(90 * MIN);
    // The simulator's (unverified) 2 requests per second per account for the usage actions.
    a.w.volc.ark.settings({ usageQps: 2, splitBillLagMinutes: 24 * 60, usageLagMinutes: 5 });
    a.w.volc.resetCalls();
    // Three cycles back to back (a busy `airgate check` after the scheduled one): AirGate's own pace.
    for (let i = 0; i < 3; i++) {
      const r = await a.w.check({ tuning: { usageQps: 2 } });
      const outcome = r.summary.accounts[0]!;
      expect(outcome.freshError).toBeUndefined();
      expect(outcome.freshCalls).toBeGreaterThanOrEqual(2);
    }
    const calls = await simCalls(a);
    expect((calls.byAction['GetInferenceUsage'] ?? 0) + (calls.byAction['ListModelChargeItems'] ?? 0)).toBe(
      6,
    );
    expect(calls.throttled['arkUsage'] ?? 0).toBe(0);
    // Both projects' estimates were read: each sub-account's spending counts its own Ark usage.
    for (const name of ['ua', 'ub']) expect(Number(await estimated(a, name))).toBeGreaterThan(0);
  });
});
