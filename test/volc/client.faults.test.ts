import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient, type VolcClientOptions } from '../../src/volc/client.js';
import { VolcApiError, VolcNetworkError } from '../../src/volc/errors.js';
import { listUsers } from '../../src/volc/actions/users.js';
import { queryBalanceAcct } from '../../src/volc/actions/billing.js';

let sim: VolcSim;
beforeAll(async () => {
  sim = await startVolcSim({
    rngSeed: 42,
    seed: { users: [{ userName: 'alice' }, { userName: 'bob' }] },
    // Dropped connections and slow answers are under test here, not billing's 5 QPS (test/sim/volc/billingLimits).
    limits: { billingQps: 0 },
  });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.setFaults({ latencyMs: 0, errorRate: 0, qpsLimit: 0, dropRate: 0, actions: [] });
  sim.resetCalls();
});

/** The client's real waits, recorded. */
function recordingSleep() {
  const slept: number[] = [];
  const sleep = (ms: number) => {
    slept.push(ms);
    return new Promise<void>((r) => setTimeout(r, ms));
  };
  return { sleep, slept };
}

const client = (opts: Partial<VolcClientOptions> = {}) =>
  new VolcClient({ credentials: sim.credentials, endpoint: sim.url, ...opts });

describe('the client under the simulator faults', () => {
  it('succeeds through throttling (429 FlowLimitExceeded) by backing off', async () => {
    sim.setFaults({ qpsLimit: 2 });
    const c = client({ random: () => 1, retry: { baseDelayMs: 200, maxDelayMs: 2000 } });
    const results = await Promise.all([1, 2, 3, 4].map(() => listUsers(c)));
    expect(results.map((r) => r.Total)).toEqual([2, 2, 2, 2]);
    // two answered at once, the other two were throttled at least once
    expect(sim.callCount('ListUsers')).toBeGreaterThanOrEqual(6);
  });

  it('gives a typed error after the retry budget in a 5xx storm, having backed off at most 50, 100, 200 ms', async () => {
    sim.setFaults({ errorRate: 1 });
    const { sleep, slept } = recordingSleep();
    const c = client({ retry: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 200 }, sleep });
    const err = await listUsers(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolcApiError);
    const e = err as VolcApiError;
    expect(['InternalError', 'ServiceUnavailableTemporary']).toContain(e.apiCode);
    expect([e.retryable, e.attempts, e.code]).toEqual([true, 4, 'upstream']);
    expect(sim.callCount('ListUsers')).toBe(4);
    // full jitter under a doubling cap: one wait between each two attempts
    expect(slept).toHaveLength(3);
    slept.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(50 * 2 ** i));
  });

  it('the time budget stops a storm even when attempts are left', async () => {
    sim.setFaults({ errorRate: 1 });
    const { sleep, slept } = recordingSleep();
    const c = client({
      retry: { maxAttempts: 1000, maxElapsedMs: 800, baseDelayMs: 50, maxDelayMs: 100 },
      sleep,
    });
    const err = (await listUsers(c).catch((e: unknown) => e)) as VolcApiError;
    expect(err).toBeInstanceOf(VolcApiError);
    expect(err.attempts).toBeLessThan(1000);
    expect(sim.callCount('ListUsers')).toBe(err.attempts);
    // what it waited, plus the least time another attempt needs (250 ms), stayed inside the 800 ms
    expect(slept.reduce((a, b) => a + b, 0) + 250).toBeLessThan(800);
  });

  it('reports a timeout when the answer is slower than the per-attempt limit', async () => {
    sim.setFaults({ latencyMs: 3000 });
    const c = client({ timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const err = await listUsers(c).catch((e: unknown) => e);
    // both attempts given up on (the answers were 3 s away), each reported as a timeout
    expect(err).toBeInstanceOf(VolcNetworkError);
    expect([(err as VolcNetworkError).kind, (err as VolcNetworkError).attempts]).toEqual(['timeout', 2]);
    expect(sim.callCount('ListUsers')).toBe(2);
    expect((err as Error).message).toBe('ListUsers: no answer within 200 ms');
  });

  it('answers slow but in time are fine', async () => {
    sim.setFaults({ latencyMs: 100 });
    const c = client({ timeoutMs: 1000 });
    expect((await listUsers(c)).Total).toBe(2);
  });

  it('retries dropped connections', async () => {
    sim.setFaults({ dropRate: 0.3 });
    const c = client({ retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 20 } });
    for (let i = 0; i < 20; i++) expect((await queryBalanceAcct(c)).AvailableBalance).toMatch(/^\d+\.\d+$/);
    expect(sim.callCount('QueryBalanceAcct')).toBeGreaterThan(20);
  });
});
