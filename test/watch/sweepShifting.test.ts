import { afterEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient } from '../../src/volc/client.js';
import { dayKey, sweepBill } from '../../src/services/watch/sweepBill.js';
import { startFaultProxy, type FaultProxy } from '../support/volcFaultProxy.js';

/**
 * A bill that grows while it is read (new hours published between two pages) is read again, and counted once;
 * one that keeps moving makes the sweep incomplete (D1) rather than counted from mixed pages.
 */
let sim: VolcSim | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await sim?.close();
  sim = proxy = undefined;
});

async function world() {
  sim = await startVolcSim({
    rngSeed: 11,
    clock: { mode: 'virtual', start: new Date('2026-05-10T00:00:00+08:00') },
    limits: { billingQps: 0 },
    seed: {
      billLagMinutes: 0,
      projects: Array.from({ length: 5 }, (_, i) => ({ projectName: `p${i}` })),
      users: [{ userName: 'alice', accessKeys: [{}] }],
      burns: Array.from({ length: 5 }, (_, i) => ({
        project: `p${i}`,
        user: 'alice',
        ratePerHour: '1.00',
        since: '2026-05-01T00:00:00+08:00',
      })),
    },
  });
  proxy = await startFaultProxy(sim.url);
  const client = new VolcClient({ credentials: sim.credentials, endpoint: proxy.url });
  return { s: sim, p: proxy, client };
}

describe('the bill sweep', () => {
  it('reads a month total again when the bill moved between its pages, and counts it once', async () => {
    const { s, p, client } = await world();
    // A new project's first hour is published while the month's second page is asked for: Total 5 → 6.
    let moved = false;
    p.failWhen((action, body) => {
      if (action === 'ListSplitBillDetail' && body['GroupPeriod'] === 0 && body['Offset'] === 2 && !moved) {
        moved = true;
        s.setBurns([
          { project: 'p5', user: 'alice', ratePerHour: '1.00', since: '2026-05-09T23:00:00+08:00' },
        ]);
      }
      return false;
    });
    const sweep = await sweepBill(client, { periods: ['2026-05'], pageSize: 2, concurrency: 2 });
    expect(moved).toBe(true);
    expect(sweep.error).toBeNull();
    expect(sweep.complete).toBe(true);
    // 9 days × 24 h at ¥1 an hour, once (not once per attempt); the new project's hour too.
    expect(sweep.months.get(dayKey('p0', '2026-05'))).toBe(216_000_000n);
    expect(sweep.months.get(dayKey('p5', '2026-05'))).toBe(1_000_000n);
  });

  it('gives up, incomplete, when the bill keeps moving', async () => {
    const { s, p, client } = await world();
    let n = 0;
    p.failWhen((action, body) => {
      if (action === 'ListSplitBillDetail' && body['Offset'] === 2)
        s.setBurns([
          { project: `new-${n++}`, user: 'alice', ratePerHour: '1.00', since: '2026-05-09T23:00:00+08:00' },
        ]);
      return false;
    });
    const sweep = await sweepBill(client, { periods: ['2026-05'], pageSize: 2, concurrency: 2 });
    expect(sweep.complete).toBe(false);
    expect(sweep.error).toMatch(/changed while it was read/);
  });
});
