import { afterEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient } from '../../src/volc/client.js';
import { listBill } from '../../src/volc/actions/billing.js';
import { paced, Pacer } from '../../src/volc/billingPacer.js';

/**
 * AirGate's bill reads stay within Volcengine's 5 requests a second per account (the simulator refuses the
 * sixth within any second, as the harsher reading of the documented limit), whatever its own event loop does.
 */
let sim: VolcSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function throttledBillCalls(s: VolcSim): Promise<number> {
  const r = (await (await fetch(`${s.url}/__sim/calls`)).json()) as { throttled: { billing?: number } };
  return r.throttled.billing ?? 0;
}

function stallEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* a long synchronous step: a big page parsed, a slow query's result hydrated */
  }
}

describe('the billing pacer', () => {
  it('no bill read is throttled when the event loop stalls between paced reads', async () => {
    sim = await startVolcSim({
      rngSeed: 3,
      seed: { users: [{ userName: 'alice' }] },
      faults: { latencyMs: 20 },
    });
    // No quick retries: a throttled read would show as a refusal counted at the simulator.
    const client = new VolcClient({
      credentials: sim.credentials,
      endpoint: sim.url,
      retry: { maxAttempts: 1 },
    });
    const pacer = new Pacer(5);
    const read = () => paced(pacer, () => listBill(client, { BillPeriod: '2026-05', Limit: 10 }));
    const first = Array.from({ length: 6 }, read);
    // The process is busy while the first reads wait for their turn: their starts come late and together.
    stallEventLoop(450);
    const results = await Promise.all([...first, ...Array.from({ length: 6 }, read)]);
    expect(results).toHaveLength(12);
    expect(await throttledBillCalls(sim)).toBe(0);
  });

  it("a read that could not even be sent (a broken endpoint) does not hold up the account's next reads", async () => {
    sim = await startVolcSim({ rngSeed: 5, seed: { users: [{ userName: 'alice' }] } });
    const broken = new VolcClient({
      credentials: sim.credentials,
      endpoint: 'not a url',
      retry: { maxAttempts: 1 },
    });
    const client = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });
    const pacer = new Pacer(1);
    await expect(
      paced(pacer, () => listBill(broken, { BillPeriod: '2026-05', Limit: 10 })),
    ).rejects.toThrow();
    const next = await paced(pacer, () => listBill(client, { BillPeriod: '2026-05', Limit: 10 }));
    expect(next.List).toBeDefined();
  }, 10_000);
});
