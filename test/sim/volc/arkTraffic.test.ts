import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { VolcClient } from '../../../src/volc/client.js';
import { VolcApiError } from '../../../src/volc/errors.js';
import {
  getArkInferenceUsage,
  getArkUsage,
  getArkTemporaryKey,
  setArkApiKeyStatus,
  stopEndpoint,
} from '../../../src/volc/actions/ark.js';
import { listBillDetail, listSplitBillDetail } from '../../../src/volc/actions/billing.js';
import { call } from './signedCall.js';

const MIN = 60_000;
const start = new Date('2026-05-10T02:00:00Z');
const alice = {
  accessKeyId: 'AKLTalice000000000000000000000000',
  secretAccessKey: 'alice-secret-0000000000',
};

let sim: VolcSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function boot(rngSeed = 21): Promise<{ sim: VolcSim; main: VolcClient; user: VolcClient; ep: string }> {
  sim = await startVolcSim({
    rngSeed,
    clock: { mode: 'virtual', start },
    seed: {
      billLagMinutes: 0,
      projects: [{ projectName: 'team-a' }],
      customPolicies: [
        {
          policyName: 'deny-ark',
          policyDocument: { Statement: [{ Effect: 'Deny', Action: ['ark:*'], Resource: ['*'] }] },
        },
      ],
      users: [
        {
          userName: 'alice',
          accessKeys: [{ ...alice }],
          policies: [{ policyName: 'ArkFullAccess', projects: ['team-a'] }],
        },
      ],
      // the IAM side's own spending model (non-Ark products): it stops with the access keys
      burns: [{ project: 'team-a', user: 'alice', ratePerHour: '6', product: 'TOS' }],
    },
  });
  // fixed lags at the documented worst ends, no call limits (the ranges and limits: billingLimits.test.ts)
  sim.settings({ billingQps: 0 });
  sim.ark.settings({
    billDetailLagMinutes: 10,
    splitBillLagMinutes: 24 * 60,
    usageLagMinutes: 30,
    usageQps: 0,
  });
  const main = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: { maxAttempts: 1 } });
  const ep = String(sim.ark.createEndpoint({ project: 'team-a', model: 'doubao-seed-1-6-250615' })['Id']);
  return { sim, main, user: main.withCredentials(alice), ep };
}

async function adminPost(s: VolcSim, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

type GenView = { label: string; accepted: number; refused: Record<string, number>; amount: string };
const gen = (s: VolcSim, label: string) => s.ark.spend().generators.find((g) => g.label === label) as GenView;
const tosSpend = (s: VolcSim) => s.spend().burns.find((b) => b.product === 'TOS')!.amount;

async function deactivateAlice(s: VolcSim): Promise<void> {
  const r = await call(s, {
    action: 'UpdateAccessKey',
    query: { UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'inactive' },
  });
  expect(r.code).toBeUndefined();
}

describe('Ark traffic after the user is disabled (the truth behind issue 13)', () => {
  for (const tempKeysDieWithUser of [false, true]) {
    it(`long-lived keys keep spending; temporary keys ${tempKeysDieWithUser ? 'die' : 'keep spending'} (tempKeysDieWithUser=${tempKeysDieWithUser})`, async () => {
      const { sim: s, user, ep } = await boot();
      await adminPost(s, '/__sim/ark/settings', { tempKeysDieWithUser });
      const key = s.ark.createKey({ project: 'team-a', createdBy: 'alice' });
      const temp = await getArkTemporaryKey(user, {
        DurationSeconds: 7 * 86_400,
        ResourceType: 'endpoint',
        ResourceIds: [ep],
      });
      await adminPost(s, '/__sim/ark/traffic', {
        generators: [
          { apiKey: key.apiKey, target: ep, callsPerMinute: 2, label: 'long-lived' },
          { apiKey: temp.apiKey, target: ep, callsPerMinute: 2, label: 'temporary' },
        ],
      });
      s.advance(30 * MIN);
      const before = { long: gen(s, 'long-lived'), temp: gen(s, 'temporary'), tos: tosSpend(s) };
      expect([before.long.accepted, before.temp.accepted]).toEqual([60, 60]);

      await deactivateAlice(s);
      s.advance(30 * MIN);
      const long = gen(s, 'long-lived');
      const tmp = gen(s, 'temporary');
      expect(long.accepted).toBe(120);
      expect(long.refused).toEqual({});
      if (tempKeysDieWithUser) {
        expect(tmp.accepted).toBe(60);
        expect(tmp.refused).toEqual({ AuthenticationError: 60 });
      } else {
        expect(tmp.accepted).toBe(120);
        expect(tmp.refused).toEqual({});
      }
      // the IAM-side spending (TOS) stopped with the keys, Ark's did not
      expect(tosSpend(s)).toBe(before.tos);
      expect(
        new Decimal(s.ark.spend().total).gt(new Decimal(before.long.amount).plus(before.temp.amount)),
      ).toBe(true);
    });
  }

  it('stopping the endpoint refuses the generated calls and stops the spending', async () => {
    const { sim: s, main, ep } = await boot();
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({ apiKey: key.apiKey, target: ep, callsPerMinute: 1, label: 'g' });
    s.advance(10 * MIN);
    await stopEndpoint(main, { Id: ep });
    const spent = s.ark.spend().total;
    s.advance(20 * MIN);
    expect(gen(s, 'g')).toMatchObject({ accepted: 10, refused: { 'InvalidEndpoint.ClosedEndpoint': 20 } });
    expect(s.ark.spend().total).toBe(spent);
  });

  it('bursty traffic is deterministic per rng seed and the spending is the sum of accepted calls', async () => {
    const run = async (rngSeed: number) => {
      const { sim: s, ep } = await boot(rngSeed);
      const key = s.ark.createKey({ project: 'team-a' });
      s.ark.addTraffic({ apiKey: key.apiKey, target: ep, mode: 'bursty', callsPerMinute: 1, label: 'b' });
      s.advance(24 * 60 * MIN);
      const r = s.ark.spend();
      await s.close();
      sim = undefined;
      return r;
    };
    const a = await run(5);
    const b = await run(5);
    expect(b.total).toBe(a.total);
    expect(a.generators[0]!.accepted).toBe(b.generators[0]!.accepted);
    // 1 000 prompt + 300 completion tokens per call: 0.0008 + 0.0024 = 0.0032 元
    expect(new Decimal(a.total).eq(new Decimal('0.0032').times(a.acceptedCalls))).toBe(true);
    expect(a.generators[0]!.accepted).not.toBe(24 * 60);
  });

  it('an Ark key disabled through the unverified UpdateApiKey Status is refused only under that setting', async () => {
    const { sim: s, main, ep } = await boot();
    const key = s.ark.createKey({ project: 'team-a' });
    const refused = await setArkApiKeyStatus(main, { Id: key.id, Status: 'Disabled' }).catch(
      (x: unknown) => x,
    );
    expect((refused as VolcApiError).apiCode).toBe('InvalidParameter.Status');
    await adminPost(s, '/__sim/ark/settings', { apiKeyStatusViaUpdateApiKey: true });
    await setArkApiKeyStatus(main, { Id: key.id, Status: 'Disabled' });
    expect(s.ark.call('/api/v3/chat/completions', key.apiKey, { model: ep })).toMatchObject({
      status: 401,
      code: 'AuthenticationError',
    });
  });

  it('an IAM Deny in the project reaches a temporary key only under projectDenyBlocksInference', async () => {
    const { sim: s, user, ep } = await boot();
    const temp = await getArkTemporaryKey(user, {
      DurationSeconds: 3600,
      ResourceType: 'endpoint',
      ResourceIds: [ep],
    });
    const attached = await call(s, {
      action: 'AttachPolicyInProject',
      version: '2021-08-01',
      query: {
        PrincipalType: 'User',
        PrincipalName: 'alice',
        PolicyName: 'deny-ark',
        PolicyType: 'Custom',
        'ProjectName.1': 'team-a',
      },
    });
    expect(attached.code).toBeUndefined();
    expect(s.ark.call('/api/v3/chat/completions', temp.apiKey, { model: ep }).status).toBe(200);
    await adminPost(s, '/__sim/ark/settings', { projectDenyBlocksInference: true });
    expect(s.ark.call('/api/v3/chat/completions', temp.apiKey, { model: ep })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
  });
});

describe('Ark rows in the bills, from the traffic', () => {
  it('ListBillDetail GroupPeriod 2 has 5-minute ark_bd rows 10 minutes after each period; the split bill a day later', async () => {
    const { sim: s, main, ep } = await boot();
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({ apiKey: key.apiKey, target: ep, callsPerMinute: 1, label: 'g' });
    s.advance(60 * MIN);
    const rows = (
      await listBillDetail(main, { BillPeriod: '2026-05', GroupPeriod: 2, Limit: 300, Product: ['ark_bd'] })
    ).List;
    // 10:00–11:00 Shanghai; periods ending after 10:50 are not out yet (5-minute period + 10 min lag)
    const periods = [...new Set(rows.map((r) => `${r.ExpenseBeginTime}~${r.ExpenseEndTime}`))];
    expect(periods[0]).toBe('2026-05-10 10:00:00~2026-05-10 10:05:00');
    expect(periods).toHaveLength(10);
    expect(periods.at(-1)).toBe('2026-05-10 10:45:00~2026-05-10 10:50:00');
    expect(new Set(rows.map((r) => r.Project))).toEqual(new Set(['-']));
    expect(new Set(rows.map((r) => r.InstanceNo))).toEqual(new Set([ep]));
    const billed = rows.reduce((d, r) => d.plus(r.PayableAmount), new Decimal(0));
    // 50 calls × 0.0032
    expect(billed.toFixed(6)).toBe('0.160000');

    const early = await listSplitBillDetail(main, { BillPeriod: '2026-05', GroupPeriod: 1, Limit: 300 });
    expect(early.List.filter((r) => r.Product === 'ark_bd')).toEqual([]);
    s.ark.stopTraffic();
    s.advance(24 * 60 * MIN);
    const byEndpoint = (
      await listSplitBillDetail(main, { BillPeriod: '2026-05', GroupPeriod: 1, Limit: 300 })
    ).List.filter((r) => r.Product === 'ark_bd');
    expect(new Set(byEndpoint.map((r) => [r.Project, r.SplitItemID].join()))).toEqual(
      new Set([`team-a,${ep}`]),
    );
    const byKey = (
      await listSplitBillDetail(main, {
        BillPeriod: '2026-05',
        GroupPeriod: 1,
        Limit: 300,
        SplitDimension: JSON.stringify({ ark_bd: 'apikey_id' }),
      })
    ).List.filter((r) => r.Product === 'ark_bd');
    expect(new Set(byKey.map((r) => r.SplitItemID))).toEqual(new Set([key.sid]));
    const sum = (list: Array<{ PayableAmount: string }>) =>
      list.reduce((d, r) => d.plus(r.PayableAmount), new Decimal(0)).toFixed(6);
    expect(sum(byKey)).toBe(sum(byEndpoint));
    expect(sum(byKey)).toBe(new Decimal(s.ark.spend().total).toFixed(6));
  });

  it('GetInferenceUsage shows per-key tokens once the usage lag has passed', async () => {
    const { sim: s, main, ep } = await boot();
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({
      apiKey: key.apiKey,
      target: ep,
      callsPerMinute: 1,
      until: new Date(start.getTime() + 10 * MIN).toISOString(),
    });
    s.advance(20 * MIN);
    const q = {
      QueryInterval: 'Day' as const,
      StartTime: '2026-05-10',
      EndTime: '2026-05-10',
      Filters: [{ FieldName: 'AuthToken', Values: [key.apiKey] }],
    };
    const early = await getArkInferenceUsage(main, q);
    expect(early.DataCount).toBe(0);
    s.advance(30 * MIN);
    const later = await getArkInferenceUsage(main, q);
    const col = (m: string) => later.Fields.find((f) => f.Metric === m)?.Values;
    expect([col('ReqCnt'), col('InputTokens'), col('OutputTokens')]).toEqual([[10], [10_000], [3_000]]);
  });

  it('POST /__sim/ark/seed sets up endpoints, keys and traffic by label; GetUsage counts their tokens per endpoint', async () => {
    const { sim: s, main } = await boot();
    const seeded = (await adminPost(s, '/__sim/ark/seed', {
      endpoints: [{ label: 'chat', project: 'team-a', model: 'doubao-1-5-pro-32k-250115' }],
      keys: [{ label: 'only-chat', project: 'team-a', resources: ['chat'] }],
      traffic: [
        { apiKey: 'only-chat', target: 'chat', callsPerMinute: 2, promptTokens: 100, completionTokens: 50 },
      ],
    })) as { endpoints: Record<string, string>; keys: Record<string, { apiKey: string }> };
    const ep = seeded.endpoints['chat']!;
    expect(s.ark.state().apiKeys.map((k) => [k.allowAll, k.resources])).toEqual([[false, [ep]]]);
    s.advance(90 * MIN);
    const r = await getArkUsage(main, {
      ProjectName: 'team-a',
      StartTime: start.getTime() / 1000,
      EndTime: start.getTime() / 1000 + 3600,
      Interval: 3600,
    });
    const prompt = r.UsageResults.find((u) => u.Name === 'PromptTokens')!;
    expect(prompt.MetricItems.map((m) => [m.Tags[0]?.Value, m.Values.map((v) => v.Value)])).toEqual([
      [ep, [120 * 100]],
    ]);
  });
});
