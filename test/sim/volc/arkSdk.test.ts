import { Service } from '@volcengine/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';

// The official SDK, given service `ark` and version 2024-01-01 (ark-api.md §1), is the oracle: its
// signing, JSON POST bodies and envelope handling must work against the simulator's Ark actions.
type Answer = {
  ResponseMetadata: {
    Action?: string;
    Service?: string;
    Region?: string;
    Error?: { Code: string; CodeN?: number };
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Result?: any;
};

describe('volc simulator: official @volcengine/openapi SDK on the Ark control plane', () => {
  let sim: VolcSim;
  let host: string;

  beforeAll(async () => {
    process.env['NO_PROXY'] = '127.0.0.1,localhost';
    sim = await startVolcSim({
      rngSeed: 31,
      clock: { mode: 'virtual', start: new Date('2026-05-10T02:00:00Z') },
      seed: { projects: [{ projectName: 'team-a' }] },
    });
    host = new URL(sim.url).host;
  });
  afterAll(() => sim?.close());

  const ark = (secretKey = sim.credentials.secretAccessKey) => {
    const s = new Service({
      serviceName: 'ark',
      defaultVersion: '2024-01-01',
      accessKeyId: sim.credentials.accessKeyId,
      secretKey,
      host,
      region: 'cn-beijing',
      protocol: 'http:',
    });
    return (action: string, body: Record<string, unknown>) =>
      s.createJSONAPI(action)(body) as Promise<Answer>;
  };

  it('CreateEndpoint, ListEndpoints, GetEndpoint, StopEndpoint, StartEndpoint, UpdateEndpoint', async () => {
    const call = ark();
    const created = await call('CreateEndpoint', {
      Name: 'sdk',
      ProjectName: 'team-a',
      ModelReference: { FoundationModel: { Name: 'doubao-seed-1-6', ModelVersion: '250615' } },
    });
    expect(created.ResponseMetadata.Error).toBeUndefined();
    expect(created.ResponseMetadata).toMatchObject({
      Action: 'CreateEndpoint',
      Service: 'ark',
      Region: 'cn-beijing',
    });
    const id = created.Result.Id as string;
    const list = await call('ListEndpoints', { ProjectName: 'team-a', PageNumber: 1, PageSize: 100 });
    expect(list.Result).toMatchObject({ TotalCount: 1, Items: [{ Id: id, Status: 'Running' }] });
    for (const action of ['StopEndpoint', 'StartEndpoint']) {
      const r = await call(action, { Id: id });
      expect(r.ResponseMetadata.Error).toBeUndefined();
      expect(r.Result).toEqual({});
    }
    const upd = await call('UpdateEndpoint', { Id: id, RateLimit: { Rpm: 111, Tpm: 237 } });
    expect(upd.ResponseMetadata.Error).toBeUndefined();
    const got = await call('GetEndpoint', { Id: id });
    expect(got.Result).toMatchObject({ Id: id, Status: 'Running', RateLimit: { Rpm: 111, Tpm: 237 } });
  });

  it('GetApiKey, ListApiKeys, GetRawApiKey, UpdateApiKey (Regen), ListModelChargeItems', async () => {
    const call = ark();
    const ep = sim.ark.createEndpoint({ project: 'team-a', model: 'doubao-1-5-pro-32k-250115' })['Id'];
    const temp = await call('GetApiKey', {
      DurationSeconds: 604800,
      ResourceType: 'endpoint',
      ResourceIds: [ep],
    });
    expect(temp.ResponseMetadata.Error).toBeUndefined();
    expect(typeof temp.Result.ApiKey).toBe('string');
    expect(temp.Result.ExpiredTime).toBe(Date.parse('2026-05-10T02:00:00Z') / 1000 + 604800);
    const key = sim.ark.createKey({ project: 'team-a' });
    const list = await call('ListApiKeys', { ProjectName: 'team-a', PageNumber: 1, PageSize: 100 });
    expect(list.Result.Items.map((i: { Id: number }) => i.Id)).toEqual([key.id]);
    const raw = await call('GetRawApiKey', { Id: key.id, ProjectName: 'team-a' });
    expect(raw.Result).toEqual({ ApiKey: key.apiKey });
    const regen = await call('UpdateApiKey', { Id: key.id, Regen: true });
    expect(regen.ResponseMetadata.Error).toBeUndefined();
    expect((await call('GetRawApiKey', { Id: key.id })).Result.ApiKey).not.toBe(key.apiKey);
    const prices = await call('ListModelChargeItems', { PageNumber: 1, PageSize: 100 });
    expect(prices.Result.TotalCount).toBeGreaterThan(0);
  });

  it('fails with SignatureDoesNotMatch (401, CodeN 100010) given a wrong secret', async () => {
    const r = await ark('not-the-secret')('ListEndpoints', { ProjectName: 'team-a' });
    expect(r.ResponseMetadata.Error).toMatchObject({ Code: 'SignatureDoesNotMatch', CodeN: 100010 });
    expect(r.Result).toBeUndefined();
  });

  it('refuses an unknown action of service ark with InvalidActionOrVersion', async () => {
    const r = await ark()('DescribeNothing', {});
    expect(r.ResponseMetadata.Error).toMatchObject({ Code: 'InvalidActionOrVersion', CodeN: 100008 });
  });
});
