import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, sdkClient, simpleCard, testApp } from './support.js';

describe('injected faults', () => {
  let sim: FeishuSim;
  beforeAll(async () => {
    sim = await startFeishuSim({ app: testApp, seed: 7 });
    sim.seedUsers([alice]);
  });
  beforeEach(async () => {
    sim.setFaults({
      latencyMs: 0,
      errorRate: 0,
      outageUntil: null,
      rateLimitStorm: false,
      outageKind: 'reset',
    });
    await sim.advance(1000);
  });
  afterAll(async () => sim?.close());

  const dm = (client = sdkClient(sim.url)) =>
    client.im.v1.message
      .create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(simpleCard('x')) },
      })
      .then(
        (r) => ({ status: 200, code: r.code }),
        (e: { code?: string; response?: { status: number; data: { code?: number } } }) =>
          e.response
            ? { status: e.response.status, code: e.response.data.code }
            : { status: 0, code: e.code },
      );

  it('adds latency to every answer', async () => {
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect(await dm()).toEqual({ status: 200, code: 0 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers HTTP 500 at the configured rate, reproducibly from the seed', async () => {
    sim.setFaults({ errorRate: 0.5 });
    const client = sdkClient(sim.url);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      statuses.push((await dm(client)).status);
      await sim.advance(250);
    }
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(2);
    expect(sim.faults().counts.errors).toBe(statuses.filter((s) => s === 500).length);
  });

  it('drops connections during an outage of 10 simulated minutes, then recovers', async () => {
    const client = sdkClient(sim.url);
    expect((await dm(client)).status).toBe(200);
    sim.setFaults({ outageUntil: new Date(sim.now() + 10 * 60_000) });
    const during = await dm(client);
    expect(during.status).toBe(0);
    expect(during.code).toMatch(/ECONNRESET|socket hang up|ERR/i);
    await sim.advance(10 * 60_000);
    expect(await dm(client)).toEqual({ status: 200, code: 0 });
  });

  it('can fail an outage with a 503 gateway page instead', async () => {
    sim.setFaults({ outageUntil: new Date(sim.now() + 60_000), outageKind: '503' });
    expect((await dm()).status).toBe(503);
  });

  it('refuses every message write with 230020 during a rate-limit storm', async () => {
    sim.setFaults({ rateLimitStorm: true });
    expect(await dm()).toEqual({ status: 400, code: 230020 });
    sim.setFaults({ rateLimitStorm: false });
    expect(await dm()).toEqual({ status: 200, code: 0 });
  });
});
