import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';
import { VolcClient } from '../../../src/volc/client.js';
import { VolcApiError } from '../../../src/volc/errors.js';
import { getArkInferenceUsage, updateEndpoint } from '../../../src/volc/actions/ark.js';
import { listBillDetail, listSplitBillDetail } from '../../../src/volc/actions/billing.js';
import { call, type CallResult } from './signedCall.js';

/**
 * The simulator is not kinder than Volcengine about bills and usage: the documented 5 QPS per account for
 * every bill API together, a (guessed, harsher) limit for the usage actions, lags drawn within their real
 * ranges, the split bill's month row cut at split billing's switch-on, and the filters as documented.
 */
const MIN = 60_000;
const H = 60 * MIN;
const MODEL = 'doubao-seed-1-6-250615';

let sim: VolcSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function boot(start: string, rngSeed = 5): Promise<{ s: VolcSim; main: VolcClient; ep: string }> {
  sim = await startVolcSim({
    rngSeed,
    clock: { mode: 'virtual', start: new Date(start) },
    seed: {
      billLagMinutes: 0,
      projects: [{ projectName: 'team-a' }],
      users: [{ userName: 'alice', accessKeys: [{ accessKeyId: 'AKLTalice', secretAccessKey: 's' }] }],
      burns: [{ project: 'team-a', user: 'alice', ratePerHour: '1.00', product: 'TOS' }],
    },
  });
  const main = new VolcClient({ credentials: sim.credentials, endpoint: sim.url, retry: { maxAttempts: 1 } });
  const ep = String(sim.ark.createEndpoint({ project: 'team-a', model: MODEL })['Id']);
  return { s: sim, main, ep };
}

const bill = (s: VolcSim, action: string, json: Record<string, unknown>) =>
  call(s, { action, service: 'billing', json: { BillPeriod: '2026-05', Limit: 10, ...json } });
const ark = (s: VolcSim, action: string, json: Record<string, unknown>) =>
  call(s, { action, service: 'ark', version: '2024-01-01', json });

function outcome(list: CallResult[]): { ok: number; throttled: number; other: string[] } {
  const throttled = list.filter((r) => r.status === 429 && r.code === 'FlowLimitExceeded');
  const ok = list.filter((r) => r.status === 200);
  const other = list
    .filter((r) => !ok.includes(r) && !throttled.includes(r))
    .map((r) => `${r.status} ${r.code}`);
  return { ok: ok.length, throttled: throttled.length, other };
}

const sum = (rows: Array<{ PayableAmount: string }>) =>
  rows.reduce((d, r) => d.plus(r.PayableAmount), new Decimal(0)).toFixed(6);

describe('volc simulator: bill and usage limits, lags and filters', () => {
  it('all bill APIs together allow 5 requests a second per account; beyond, 429 FlowLimitExceeded (100018)', async () => {
    const { s } = await boot('2026-05-10T02:00:00Z');
    const actions = ['ListBillDetail', 'ListSplitBillDetail', 'ListBill', 'ListBillOverviewByProd'];
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => bill(s, actions[i % actions.length]!, { GroupPeriod: 1 })),
    );
    const o = outcome(burst);
    expect(o.other).toEqual([]);
    expect(o.ok).toBeGreaterThanOrEqual(5);
    expect(o.throttled).toBeGreaterThanOrEqual(1);
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.body.ResponseMetadata.Error).toMatchObject({ Code: 'FlowLimitExceeded', CodeN: 100018 });
    // IAM is not a bill API: it answers right after the burst
    expect((await call(s, { action: 'ListUsers', query: { Limit: 10 } })).status).toBe(200);
    const counted = (await (await fetch(`${s.url}/__sim/calls`)).json()) as {
      throttled: { billing?: number };
    };
    expect(counted.throttled.billing).toBe(o.throttled);

    s.settings({ billingQps: 0 });
    const free = outcome(await Promise.all(Array.from({ length: 12 }, () => bill(s, 'ListBillDetail', {}))));
    expect(free).toEqual({ ok: 12, throttled: 0, other: [] });
  });

  it('the usage and price actions share their own (unverified) limit, 2 a second by default', async () => {
    const { s } = await boot('2026-05-10T02:00:00Z');
    const t = Math.floor(Date.parse('2026-05-10T00:00:00Z') / 1000);
    const one = (i: number) =>
      i % 3 === 0
        ? ark(s, 'GetUsage', { StartTime: t, EndTime: t + 3600, Interval: 3600 })
        : i % 3 === 1
          ? ark(s, 'GetInferenceUsage', {
              QueryInterval: 'Day',
              StartTime: '2026-05-10',
              EndTime: '2026-05-10',
            })
          : ark(s, 'ListModelChargeItems', {});
    const o = outcome(await Promise.all(Array.from({ length: 9 }, (_, i) => one(i))));
    expect(o.other).toEqual([]);
    expect(o.ok).toBeGreaterThanOrEqual(2);
    expect(o.throttled).toBeGreaterThanOrEqual(1);
    // the bill APIs have their own budget
    expect((await bill(s, 'ListBillDetail', {})).status).toBe(200);

    s.ark.settings({ usageQps: 0 });
    expect(outcome(await Promise.all(Array.from({ length: 9 }, (_, i) => one(i))))).toEqual({
      ok: 9,
      throttled: 0,
      other: [],
    });
  });

  it('5-minute detail rows come out 5 to 10 minutes after their period, each row its own lag', async () => {
    const { s, main, ep } = await boot('2026-05-10T02:00:00Z');
    s.settings({ billingQps: 0 });
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({ apiKey: key.apiKey, target: ep, callsPerMinute: 1, label: 'g' });
    const t0 = Date.parse('2026-05-10T02:00:00Z');
    let early = 0;
    let late = 0;
    s.advance(60 * MIN);
    for (let minute = 60; minute < 120; minute++, s.advance(MIN)) {
      const rows = (
        await listBillDetail(main, { BillPeriod: '2026-05', GroupPeriod: 2, Limit: 300, Product: ['ark_bd'] })
      ).List;
      const seen = new Set(
        rows.map((r) => Date.parse(`${String(r.ExpenseEndTime).replace(' ', 'T')}+08:00`)),
      );
      const now = t0 + minute * MIN;
      for (let end = t0 + 5 * MIN; end <= now; end += 5 * MIN) {
        if (now - end >= 10 * MIN) expect(seen.has(end), `window ending ${end} at +${minute}`).toBe(true);
        if (now - end < 5 * MIN) expect(seen.has(end)).toBe(false);
        if (now - end >= 5 * MIN && now - end < 10 * MIN) {
          if (seen.has(end)) early++;
          else late++;
        }
      }
    }
    // both sides of the range happen: some rows out after 5 minutes, some still missing at 9
    expect(early).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(0);
  });

  it('a day of Ark usage reaches the split bill 24 to 48 hours after it was spent', async () => {
    const { s, main, ep } = await boot('2026-05-10T02:00:00Z', 9);
    s.settings({ billingQps: 0 });
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({ apiKey: key.apiKey, target: ep, callsPerMinute: 1, until: '2026-05-10T03:00:00Z' });
    const split = async () =>
      (await listSplitBillDetail(main, { BillPeriod: '2026-05', GroupPeriod: 1, Limit: 300 })).List.filter(
        (r) => r.Product === 'ark_bd',
      );
    const firstEnd = Date.parse('2026-05-10T02:05:00Z');
    s.advance(24 * H); // 23 h 55 min after the first period ended
    expect(await split()).toEqual([]);
    let firstSeen: number | null = null;
    for (let h = 0; h <= 26; h++, s.advance(H)) {
      if (firstSeen === null && (await split()).length > 0) firstSeen = s.now().getTime();
    }
    expect(firstSeen).not.toBeNull();
    expect(firstSeen! - firstEnd).toBeLessThanOrEqual(49 * H);
    // 50 h on, everything spent that hour is in the split bill
    expect(sum(await split())).toBe(new Decimal(s.ark.spend().total).toFixed(6));
  });

  it('usage shows 5 to 30 minutes after its window', async () => {
    const { s, main, ep } = await boot('2026-05-10T02:00:00Z');
    s.ark.settings({ usageQps: 0 });
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({ apiKey: key.apiKey, target: ep, callsPerMinute: 1, until: '2026-05-10T02:10:00Z' });
    const reqs = async () => {
      const r = await getArkInferenceUsage(main, {
        QueryInterval: 'Day',
        StartTime: '2026-05-10',
        EndTime: '2026-05-10',
      });
      return Number(r.Fields.find((f) => f.Metric === 'ReqCnt')?.Values[0] ?? 0);
    };
    s.advance(5 * MIN + 4 * MIN); // the first window ended 4 minutes ago
    expect(await reqs()).toBe(0);
    s.advance(26 * MIN + 6 * MIN); // 30 minutes after the second window's end: all of it
    expect(await reqs()).toBe(10);
  });

  it('the split bill month row (GroupPeriod 0) sums only the days from split billing’s switch-on', async () => {
    const { s, main, ep } = await boot('2026-05-10T00:00:00+08:00');
    s.settings({ billingQps: 0, splitBillingSince: '2026-05-11T00:00:00+08:00' });
    s.ark.settings({ splitBillLagMinutes: 0, billDetailLagMinutes: 0 });
    const key = s.ark.createKey({ project: 'team-a' });
    s.ark.addTraffic({
      apiKey: key.apiKey,
      target: ep,
      callsPerMinute: 1,
      until: '2026-05-12T00:00:00+08:00',
    });
    s.advance(48 * H + 10 * MIN);
    const q = { BillPeriod: '2026-05', Limit: 300, Product: ['ark_bd'] };
    const arkRows = <T extends { Product?: string | undefined }>(l: T[]): T[] =>
      l.filter((r) => r.Product === 'ark_bd');
    const daily = arkRows((await listSplitBillDetail(main, { ...q, GroupPeriod: 1 })).List);
    expect(new Set(daily.map((r) => r.ExpenseDate))).toEqual(new Set(['2026-05-11']));
    const month = arkRows((await listSplitBillDetail(main, { ...q, GroupPeriod: 0 })).List);
    expect(sum(month)).toBe(sum(daily));
    // ListBillDetail is not split: its month row holds both days
    const detail = arkRows((await listBillDetail(main, { ...q, GroupPeriod: 0 })).List);
    expect(new Decimal(sum(detail)).toFixed(6)).toBe(new Decimal(sum(daily)).times(2).toFixed(6));
  });

  it('ExpenseDate narrows GroupPeriod 1 and 2 to one day of the month and is refused with GroupPeriod 0', async () => {
    const { s } = await boot('2026-05-12T00:00:00+08:00');
    s.settings({ billingQps: 0 });
    s.advance(24 * H);
    for (const GroupPeriod of [1, 2]) {
      const r = await bill(s, 'ListBillDetail', { GroupPeriod, ExpenseDate: '2026-05-12', Limit: 300 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const days = new Set((r.result.List as Array<{ ExpenseDate: string }>).map((x) => x.ExpenseDate));
      expect(days).toEqual(new Set(['2026-05-12']));
    }
    const month = await bill(s, 'ListSplitBillDetail', { GroupPeriod: 0, ExpenseDate: '2026-05-12' });
    expect([month.status, month.code]).toEqual([400, 'InvalidParameter']);
    const otherMonth = await bill(s, 'ListBillDetail', { GroupPeriod: 1, ExpenseDate: '2026-04-30' });
    expect([otherMonth.status, otherMonth.code]).toEqual([400, 'InvalidParameter']);
  });

  it('BillCategory keeps only rows of the asked categories', async () => {
    const { s } = await boot('2026-05-12T00:00:00+08:00');
    s.settings({ billingQps: 0, oddBillRows: true });
    s.advance(24 * H);
    const cats = async (BillCategory?: string[]) => {
      const r = await bill(s, 'ListBillDetail', {
        GroupPeriod: 1,
        Limit: 300,
        ...(BillCategory ? { BillCategory } : {}),
      });
      expect(r.status).toBe(200);
      return new Set((r.result.List as Array<{ BillCategory: string }>).map((x) => x.BillCategory));
    };
    expect(await cats()).toEqual(new Set(['consume-use', 'refund-terminate']));
    expect(await cats(['refund-terminate'])).toEqual(new Set(['refund-terminate']));
    expect(await cats(['consume-use'])).toEqual(new Set(['consume-use']));
    expect(await cats(['transfer-manual'])).toEqual(new Set());
  });

  it('a month can be revised until day 5 10:00 Shanghai of the next month, not after', async () => {
    const { s } = await boot('2026-06-05T09:59:00+08:00');
    s.revise({ project: 'team-a', date: '2026-05-20', amount: '3.00' });
    s.advance(MIN);
    expect(() => s.revise({ project: 'team-a', date: '2026-05-21', amount: '3.00' })).toThrow(/final/);
  });

  it('RateLimit values above the rateLimitMax setting are refused (int32 by default)', async () => {
    const { s, main, ep } = await boot('2026-05-10T02:00:00Z');
    await updateEndpoint(main, { Id: ep, RateLimit: { Rpm: 2_147_483_647, Tpm: 2_147_483_647 } });
    s.ark.settings({ rateLimitMax: 10_000 });
    const refused = await updateEndpoint(main, { Id: ep, RateLimit: { Rpm: 10_001, Tpm: 100 } }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(VolcApiError);
    expect((refused as VolcApiError).apiCode).toBe('InvalidParameter.RateLimit.Rpm');
    await updateEndpoint(main, { Id: ep, RateLimit: { Rpm: 10_000, Tpm: 10_000 } });
  });
});
