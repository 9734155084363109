import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { VolcClient } from '../../../src/volc/client.js';
import { VolcApiError } from '../../../src/volc/errors.js';
import {
  createEndpoint,
  getArkTemporaryKey,
  getEndpoint,
  getRawArkApiKey,
  listAllEndpoints,
  listArkApiKeys,
  listModelChargeItems,
  regenerateArkApiKey,
  startEndpoint,
  stopEndpoint,
  updateEndpoint,
} from '../../../src/volc/actions/ark.js';
import { call } from './signedCall.js';

const MIN = 60_000;
const start = new Date('2026-05-10T02:00:00Z');
const alice = {
  accessKeyId: 'AKLTalice000000000000000000000000',
  secretAccessKey: 'alice-secret-0000000000',
};

async function infer(sim: VolcSim, apiKey: string | null, body: unknown, path = '/api/v3/chat/completions') {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as {
    error?: { code: string; message: string; type: string };
    usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  };
  return { status: res.status, code: json.error?.code, body: json };
}

function seed() {
  return {
    rngSeed: 11,
    projects: [{ projectName: 'team-a' }, { projectName: 'team-b' }],
    users: [{ userName: 'alice', accessKeys: [{ ...alice }], policies: [] }],
  };
}

describe('Ark simulator: control plane through the typed client', () => {
  let sim: VolcSim;
  let main: VolcClient;
  beforeAll(async () => {
    sim = await startVolcSim({ rngSeed: 11, clock: { mode: 'virtual', start }, seed: seed() });
    main = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: { maxAttempts: 1 } });
  });
  afterAll(() => sim.close());

  it('creates, lists, stops, starts and throttles a custom endpoint', async () => {
    const { Id } = await createEndpoint(main, {
      Name: 'a-chat',
      ProjectName: 'team-a',
      ModelReference: { FoundationModel: { Name: 'doubao-seed-1-6', ModelVersion: '250615' } },
    });
    expect(Id).toMatch(/^ep-\d{14}-[a-z0-9]{5}$/);
    const listed = [];
    for await (const e of listAllEndpoints(main, { ProjectName: 'team-a' })) listed.push(e);
    expect(listed.map((e) => [e.Id, e.Status, e.ProjectName])).toEqual([[Id, 'Running', 'team-a']]);
    // another project's list does not show it
    const other = [];
    for await (const e of listAllEndpoints(main, { ProjectName: 'team-b' })) other.push(e);
    expect(other).toEqual([]);

    await stopEndpoint(main, { Id });
    expect((await getEndpoint(main, { Id })).Status).toBe('Stopped');
    const again = await main
      .callRaw({
        action: 'StopEndpoint',
        service: 'ark',
        version: '2024-01-01',
        method: 'POST',
        paramsIn: 'json',
        params: { Id },
      })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(VolcApiError);
    expect((again as VolcApiError).apiCode).toBe('OperationDenied.EndpointStatus');
    await startEndpoint(main, { Id });
    await updateEndpoint(main, { Id, RateLimit: { Rpm: 2, Tpm: 100000 } });
    const e = await getEndpoint(main, { Id });
    expect([e.Status, e.RateLimit?.Rpm, e.RateLimit?.Tpm]).toEqual(['Running', 2, 100000]);
  });

  it('refuses a temporary key longer than 30 days with InvalidParameter.DurationSeconds', async () => {
    const { Id } = await createEndpoint(main, {
      Name: 'b',
      ProjectName: 'team-b',
      ModelReference: { FoundationModel: { Name: 'doubao-1-5-pro-32k' } },
    });
    const err = await main
      .callRaw({
        action: 'GetApiKey',
        service: 'ark',
        version: '2024-01-01',
        method: 'POST',
        paramsIn: 'json',
        params: { DurationSeconds: 2_592_001, ResourceType: 'endpoint', ResourceIds: [Id] },
      })
      .catch((x: unknown) => x);
    expect((err as VolcApiError).apiCode).toBe('InvalidParameter.DurationSeconds');
    expect((err as VolcApiError).httpStatus).toBe(400);
    const ok = await getArkTemporaryKey(main, {
      DurationSeconds: 2_592_000,
      ResourceType: 'endpoint',
      ResourceIds: [Id],
    });
    expect(ok.expiresAt.getTime()).toBe(start.getTime() + 2_592_000_000);
  });

  it('lists API keys masked, reads the raw one, and Regen replaces it', async () => {
    const k = sim.ark.createKey({ project: 'team-a', name: 'team-a-all' });
    const page = await listArkApiKeys(main, { ProjectName: 'team-a', PageNumber: 1, PageSize: 10 });
    const item = page.Items.find((i) => i.Id === k.id)!;
    expect(item.Key).toBe(`${k.apiKey.slice(0, 3)}****${k.apiKey.slice(-4)}`);
    expect(item.SID).toBe(k.sid);
    expect(await getRawArkApiKey(main, { Id: k.id, ProjectName: 'team-a' })).toBe(k.apiKey);
    await regenerateArkApiKey(main, { Id: k.id });
    const fresh = await getRawArkApiKey(main, { Id: k.id });
    expect(fresh).not.toBe(k.apiKey);
    expect((await infer(sim, k.apiKey, { model: 'doubao-seed-1-6-250615', messages: [] })).status).toBe(401);
    expect((await infer(sim, fresh, { model: 'doubao-seed-1-6-250615', messages: [] })).status).toBe(200);
  });

  it('serves the price table with decimal-string prices', async () => {
    const r = await listModelChargeItems(main, { Filter: { FoundationModelNames: ['doubao-seed-1-6'] } });
    expect(r.Items[0]?.ChargeItems.map((c) => [c.Type, c.Price, c.UnitCode])).toEqual([
      ['InferencePrompt', '0.0008', '千tokens'],
      ['InferenceCompletion', '0.008', '千tokens'],
    ]);
  });

  it('a preset endpoint (ep-m-…) exists after a Model-ID call and cannot be stopped', async () => {
    const k = sim.ark.createKey({ project: 'team-b' });
    const r = await infer(sim, k.apiKey, {
      model: 'doubao-1-5-lite-32k-250115',
      messages: [{ content: 'hi' }],
    });
    expect(r.status).toBe(200);
    const presets = [];
    for await (const e of listAllEndpoints(main, { ProjectName: 'team-b' }))
      if (e.Id.startsWith('ep-m-')) presets.push(e);
    expect(presets).toHaveLength(1);
    const err = await main
      .callRaw({
        action: 'StopEndpoint',
        service: 'ark',
        version: '2024-01-01',
        method: 'POST',
        paramsIn: 'json',
        params: { Id: presets[0]!.Id },
      })
      .catch((x: unknown) => x);
    expect((err as VolcApiError).apiCode).toBe('InvalidParameter.Id');
  });
});

describe('Ark simulator: data plane refusals over HTTP', () => {
  let sim: VolcSim;
  let main: VolcClient;
  let ep: string;
  let epB: string;
  beforeEach(async () => {
    sim = await startVolcSim({ rngSeed: 12, clock: { mode: 'virtual', start }, seed: seed() });
    main = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: { maxAttempts: 1 } });
    ep = String(sim.ark.createEndpoint({ project: 'team-a', model: 'doubao-seed-1-6-250615' })['Id']);
    epB = String(sim.ark.createEndpoint({ project: 'team-b', model: 'doubao-seed-1-6-250615' })['Id']);
  });
  afterEach(() => sim.close());

  it('answers an accepted call with token usage and charges it to the endpoint project', async () => {
    const k = sim.ark.createKey({ project: 'team-a' });
    const r = await infer(sim, k.apiKey, {
      model: ep,
      messages: [{ role: 'user', content: 'x'.repeat(400) }],
      max_tokens: 200,
    });
    expect(r.status).toBe(200);
    expect(r.body.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 200, total_tokens: 300 });
    // 100 × 0.0008/1000 + 200 × 0.008/1000 = 0.00008 + 0.0016
    expect(sim.ark.spend().byProject).toEqual({ 'team-a': '0.00168' });
  });

  it('refuses a missing or unknown key with 401 AuthenticationError', async () => {
    expect(await infer(sim, null, { model: ep })).toMatchObject({ status: 401, code: 'AuthenticationError' });
    const r = await infer(sim, 'ark-not-a-key', { model: ep });
    expect(r).toMatchObject({ status: 401, code: 'AuthenticationError' });
    expect(r.body.error).toMatchObject({ type: 'Unauthorized' });
    expect(r.body.error?.message).toMatch(/Request id: 02/);
  });

  it('refuses a stopped endpoint with 400 InvalidEndpoint.ClosedEndpoint', async () => {
    const k = sim.ark.createKey({ project: 'team-a' });
    await stopEndpoint(main, { Id: ep });
    expect(await infer(sim, k.apiKey, { model: ep })).toMatchObject({
      status: 400,
      code: 'InvalidEndpoint.ClosedEndpoint',
    });
    await startEndpoint(main, { Id: ep });
    expect((await infer(sim, k.apiKey, { model: ep })).status).toBe(200);
  });

  it('refuses calls over the endpoint RateLimit with 429 (RPM, then TPM)', async () => {
    const k = sim.ark.createKey({ project: 'team-a' });
    await updateEndpoint(main, { Id: ep, RateLimit: { Rpm: 2, Tpm: 1_000_000 } });
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await infer(sim, k.apiKey, { model: ep, max_tokens: 10 })).code ?? 'ok');
    expect(codes).toEqual(['ok', 'ok', 'RateLimitExceeded.EndpointRPMExceeded']);
    sim.advance(MIN);
    await updateEndpoint(main, { Id: ep, RateLimit: { Rpm: 100, Tpm: 500 } });
    const big = { model: ep, messages: [{ content: 'x'.repeat(1600) }], max_tokens: 100 };
    const r = [
      (await infer(sim, k.apiKey, big)).code ?? 'ok',
      (await infer(sim, k.apiKey, big)).code ?? 'ok',
    ];
    expect(r).toEqual(['ok', 'RateLimitExceeded.EndpointTPMExceeded']);
  });

  it('a key limited to chosen resources gets 403 AccessDenied elsewhere; another project is 404', async () => {
    const ep2 = String(
      sim.ark.createEndpoint({ project: 'team-a', model: 'doubao-1-5-pro-32k-250115' })['Id'],
    );
    const k = sim.ark.createKey({ project: 'team-a', resources: [ep] });
    expect((await infer(sim, k.apiKey, { model: ep })).status).toBe(200);
    expect(await infer(sim, k.apiKey, { model: ep2 })).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await infer(sim, k.apiKey, { model: 'doubao-seed-1-6-250615' })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    expect(await infer(sim, k.apiKey, { model: epB })).toMatchObject({
      status: 404,
      code: 'InvalidEndpointOrModel.NotFound',
    });
  });

  it('a temporary key works on its endpoint only, and not after it expires', async () => {
    const user = main.withCredentials(alice);
    await sim.ark.settings({}); // defaults
    const denied = await getArkTemporaryKey(user, {
      DurationSeconds: 3600,
      ResourceType: 'endpoint',
      ResourceIds: [ep],
    }).catch((x: unknown) => x);
    expect((denied as VolcApiError).apiCode).toBe('AccessDenied');
    const temp = await getArkTemporaryKey(main, {
      DurationSeconds: 600,
      ResourceType: 'endpoint',
      ResourceIds: [ep],
    });
    expect((await infer(sim, temp.apiKey, { model: ep })).status).toBe(200);
    expect(await infer(sim, temp.apiKey, { model: epB })).toMatchObject({ status: 404 });
    sim.advance(10 * MIN);
    expect(await infer(sim, temp.apiKey, { model: ep })).toMatchObject({
      status: 401,
      code: 'AuthenticationError',
    });
  });
});

describe('Ark simulator: IAM in a project scope', () => {
  let sim: VolcSim;
  let main: VolcClient;
  beforeAll(async () => {
    const deny = {
      Statement: [
        {
          Effect: 'Deny',
          Action: [
            'ark:StartEndpoint',
            'ark:UpdateEndpoint',
            'ark:GetApiKey',
            'ark:CreateApiKey',
            'ark:GetRawApiKey',
          ],
          Resource: ['*'],
        },
      ],
    };
    sim = await startVolcSim({
      rngSeed: 13,
      clock: { mode: 'virtual', start },
      seed: { ...seed(), customPolicies: [{ policyName: 'airgate-stop', policyDocument: deny }] },
    });
    main = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: { maxAttempts: 1 } });
  });
  afterAll(() => sim.close());

  it('an explicit Deny attached in a project blocks the denied Ark actions there, not elsewhere', async () => {
    const epA = String(sim.ark.createEndpoint({ project: 'team-a', model: 'doubao-seed-1-6-250615' })['Id']);
    const epB = String(sim.ark.createEndpoint({ project: 'team-b', model: 'doubao-seed-1-6-250615' })['Id']);
    for (const project of ['team-a', 'team-b']) {
      const r = await call(sim, {
        action: 'AttachPolicyInProject',
        version: '2021-08-01',
        query: {
          PrincipalType: 'User',
          PrincipalName: 'alice',
          PolicyName: 'ArkFullAccess',
          PolicyType: 'System',
          'ProjectName.1': project,
        },
      });
      expect(r.code).toBeUndefined();
    }
    expect(
      (
        await call(sim, {
          action: 'AttachPolicyInProject',
          version: '2021-08-01',
          query: {
            PrincipalType: 'User',
            PrincipalName: 'alice',
            PolicyName: 'airgate-stop',
            PolicyType: 'Custom',
            'ProjectName.1': 'team-a',
          },
        })
      ).code,
    ).toBeUndefined();
    const user = main.withCredentials(alice);
    await stopEndpoint(main, { Id: epA });
    await stopEndpoint(main, { Id: epB });
    const refused = await startEndpoint(user, { Id: epA }).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(VolcApiError);
    expect([(refused as VolcApiError).apiCode, (refused as VolcApiError).httpStatus]).toEqual([
      'AccessDenied',
      403,
    ]);
    const mint = await getArkTemporaryKey(user, {
      DurationSeconds: 60,
      ResourceType: 'endpoint',
      ResourceIds: [epA],
    }).catch((x: unknown) => x);
    expect((mint as VolcApiError).apiCode).toBe('AccessDenied');
    // stopping is not denied, and team-b is not under the Deny
    await startEndpoint(user, { Id: epB });
    expect((await getEndpoint(user, { Id: epB })).Status).toBe('Running');
  });
});
