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
  });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.setFaults({ latencyMs: 0, errorRate: 0, qpsLimit: 0, dropRate: 0, actions: [] });
  sim.resetCalls();
});

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

  it('gives a typed error after the retry budget in a 5xx storm, within a bounded time', async () => {
    sim.setFaults({ errorRate: 1 });
    const c = client({ retry: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 200 } });
    const started = performance.now();
    const err = await listUsers(c).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(VolcApiError);
    const e = err as VolcApiError;
    expect(['InternalError', 'ServiceUnavailableTemporary']).toContain(e.apiCode);
    expect([e.retryable, e.attempts, e.code]).toEqual([true, 4, 'upstream']);
    expect(sim.callCount('ListUsers')).toBe(4);
    // at most 50 + 100 + 200 ms of backoff plus four quick answers
    expect(elapsed).toBeLessThan(1000);
  });

  it('the time budget stops a storm even when attempts are left', async () => {
    sim.setFaults({ errorRate: 1 });
    const c = client({ retry: { maxAttempts: 1000, maxElapsedMs: 800, baseDelayMs: 50, maxDelayMs: 100 } });
    const started = performance.now();
    const err = (await listUsers(c).catch((e: unknown) => e)) as VolcApiError;
    expect(err).toBeInstanceOf(VolcApiError);
    expect(performance.now() - started).toBeLessThan(1200);
    expect(err.attempts).toBeLessThan(1000);
  });

  it('reports a timeout when the answer is slower than the per-attempt limit', async () => {
    sim.setFaults({ latencyMs: 3000 });
    const c = client({ timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const started = performance.now();
    const err = await listUsers(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolcNetworkError);
    expect([(err as VolcNetworkError).kind, (err as VolcNetworkError).attempts]).toEqual(['timeout', 2]);
    expect(performance.now() - started).toBeLessThan(1000);
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
