import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient } from '../../src/volc/client.js';
import { callInfo, volcRequest } from '../../src/volc/catalog.js';
import {
  arkChargeItemSchema,
  getArkTemporaryKey,
  listAllArkApiKeys,
  listAllEndpoints,
  stopEndpoint,
  updateEndpoint,
} from '../../src/volc/actions/ark.js';

describe('volc client: Ark actions', () => {
  let sim: VolcSim;
  let c: VolcClient;
  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 41,
      clock: { mode: 'virtual', start: new Date('2026-05-10T02:00:00Z') },
      seed: { projects: [{ projectName: 'big' }] },
    });
    c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: { maxAttempts: 1 } });
  });
  afterAll(() => sim.close());

  it('pages ListEndpoints by PageNumber until TotalCount (105 endpoints: two calls)', async () => {
    for (let i = 0; i < 105; i++) sim.ark.createEndpoint({ project: 'big', model: 'doubao-seed-1-6-250615' });
    sim.resetCalls();
    const ids = new Set<string>();
    for await (const e of listAllEndpoints(c, { ProjectName: 'big' })) ids.add(e.Id);
    expect(ids.size).toBe(105);
    expect(sim.callCount('ListEndpoints')).toBe(2);
  });

  it("sends Ark's ListApiKeys under its wire name, apart from IAM's", async () => {
    expect(volcRequest('ArkListApiKeys')).toMatchObject({
      action: 'ListApiKeys',
      service: 'ark',
      version: '2024-01-01',
    });
    expect(callInfo('ArkUpdateApiKey').action).toBe('UpdateApiKey');
    const k = sim.ark.createKey({ project: 'big' });
    sim.resetCalls();
    const keys = [];
    for await (const key of listAllArkApiKeys(c, { ProjectName: 'big' })) keys.push(key.Id);
    expect(keys).toEqual([k.id]);
    expect(sim.callCount('ListApiKeys')).toBe(1);
  });

  it('refuses, before any call, what Ark would refuse: a temporary key over 30 days, stopping a preset endpoint, a negative RateLimit', async () => {
    sim.resetCalls();
    await expect(
      getArkTemporaryKey(c, { DurationSeconds: 2_592_001, ResourceType: 'endpoint', ResourceIds: ['ep-x'] }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      getArkTemporaryKey(c, { DurationSeconds: 60, ResourceType: 'presetendpoint', ResourceIds: ['doubao'] }),
    ).rejects.toThrow(/ProjectName/);
    await expect(stopEndpoint(c, { Id: 'ep-m-20260510100000-abcde' })).rejects.toBeInstanceOf(UsageError);
    await expect(updateEndpoint(c, { Id: 'ep-x', RateLimit: { Rpm: -1, Tpm: 10 } })).rejects.toBeInstanceOf(
      UsageError,
    );
    expect(sim.callCount()).toBe(0);
  });

  it('reads prices only as decimal strings (a float price is refused)', () => {
    expect(arkChargeItemSchema.safeParse({ Type: 'InferencePrompt', Price: '0.0008' }).success).toBe(true);
    expect(arkChargeItemSchema.safeParse({ Type: 'InferencePrompt', Price: 0.0008 }).success).toBe(false);
  });
});
