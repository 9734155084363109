import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim, type VolcSimOptions } from '../../../src/sim/volc/server.js';
import { call } from './signedCall.js';

const H = 3_600_000;
type Row = Record<string, string> & { ExpenseDate: string; Project: string; PayableAmount: string };

let sims: VolcSim[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function virtualSim(start: string, seed: VolcSimOptions['seed']): Promise<VolcSim> {
  const sim = await startVolcSim({ rngSeed: 42, clock: { mode: 'virtual', start: new Date(start) }, seed });
  // these tests page through bills as fast as they can; the 5 QPS limit has its own test (billingLimits)
  sim.settings({ billingQps: 0 });
  sims.push(sim);
  return sim;
}

async function rows(sim: VolcSim, action: string, body: Record<string, unknown>): Promise<Row[]> {
  const out: Row[] = [];
  for (let offset = 0; ; offset += 300) {
    const r = await call(sim, {
      action,
      service: 'billing',
      json: { Limit: 300, NeedRecordNum: 1, GroupPeriod: 1, ...body, Offset: offset },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    out.push(...(r.result.List as Row[]));
    if (offset + 300 >= r.result.Total) return out;
  }
}

/** Sum of PayableAmount per "project|day", exact. */
function perDay(list: Row[]): Record<string, string> {
  const sums: Record<string, Decimal> = {};
  for (const r of list) {
    const k = `${r.Project}|${r.ExpenseDate}`;
    sums[k] = (sums[k] ?? new Decimal(0)).plus(r.PayableAmount);
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.toFixed(2)]));
}

const aliceSeed = (extra: Partial<NonNullable<VolcSimOptions['seed']>> = {}): VolcSimOptions['seed'] => ({
  billLagMinutes: 0,
  projects: [{ projectName: 'p1', displayName: '项目一' }],
  users: [{ userName: 'alice', accessKeys: [{ accessKeyId: 'AKLTalice', secretAccessKey: 's' }] }],
  burns: [{ project: 'p1', user: 'alice', ratePerHour: '1.00' }],
  ...extra,
});

describe('volc simulator: billing', () => {
  it('puts hours that cross midnight Shanghai on the right ExpenseDate and bill period', async () => {
    // 12:00 UTC on Jan 31 is 20:00 in Shanghai: 4 hours land on Jan 31, the next 6 on Feb 1.
    const sim = await virtualSim('2026-01-31T12:00:00Z', aliceSeed());
    sim.advance(10 * H);
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-01' }))).toEqual({
      'p1|2026-01-31': '4.00',
    });
    const feb = await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-02' });
    expect(perDay(feb)).toEqual({ 'p1|2026-02-01': '6.00' });
    expect(feb[0]).toMatchObject({
      BillPeriod: '2026-02',
      ProjectDisplayName: '项目一',
      Currency: 'CNY',
      Product: 'ark',
      ProductZh: '火山方舟',
    });
    expect(feb[0]!.PayableAmount).toMatch(/^\d+\.\d{2,6}$/);
    const month = await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-02', GroupPeriod: 0 });
    expect(month).toHaveLength(1);
    expect(month[0]).toMatchObject({ ExpenseDate: '', PayableAmount: '6.00' });
    const hourly = await rows(sim, 'ListBillDetail', { BillPeriod: '2026-02', GroupPeriod: 2 });
    expect(hourly).toHaveLength(6);
    expect(hourly[0]).toMatchObject({
      ExpenseBeginTime: '2026-02-01 00:00:00',
      ExpenseEndTime: '2026-02-01 01:00:00',
    });
  });

  it('shows an hour only billLagMinutes after it ends', async () => {
    const sim = await virtualSim('2026-03-10T00:00:00Z', aliceSeed({ billLagMinutes: 90 }));
    sim.advance(3 * H);
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' }))).toEqual({
      'p1|2026-03-10': '1.00',
    });
    sim.advance(30 * 60_000);
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' }))).toEqual({
      'p1|2026-03-10': '2.00',
    });
    expect(sim.spend().byProject).toEqual({ p1: '3.50' });
  });

  it('stops accruing while all of the user’s access keys are inactive, and resumes after', async () => {
    const sim = await virtualSim('2026-03-10T00:00:00Z', aliceSeed());
    sim.advance(2.5 * H);
    const off = await call(sim, {
      action: 'UpdateAccessKey',
      query: { UserName: 'alice', AccessKeyId: 'AKLTalice', Status: 'inactive' },
    });
    expect(off.status).toBe(200);
    sim.advance(3.5 * H);
    await call(sim, {
      action: 'UpdateAccessKey',
      query: { UserName: 'alice', AccessKeyId: 'AKLTalice', Status: 'active' },
    });
    sim.advance(2 * H);
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' }))).toEqual({
      'p1|2026-03-10': '4.50',
    });
  });

  it('replaces a day’s figure with a late revision and leaves other days alone', async () => {
    const sim = await virtualSim('2026-03-10T16:00:00Z', aliceSeed());
    sim.advance(48 * H);
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' }))).toEqual({
      'p1|2026-03-11': '24.00',
      'p1|2026-03-12': '24.00',
    });
    sim.revise({ project: 'p1', date: '2026-03-11', amount: '30.50' });
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' }))).toEqual({
      'p1|2026-03-11': '30.50',
      'p1|2026-03-12': '24.00',
    });
  });

  it('adds deterministic noise: the same rngSeed gives the same bill, within rate × (1 ± noise)', async () => {
    const seed = aliceSeed({ burns: [{ project: 'p1', user: 'alice', ratePerHour: '2.00', noise: 0.5 }] });
    const [a, b] = [
      await virtualSim('2026-03-10T16:00:00Z', seed),
      await virtualSim('2026-03-10T16:00:00Z', seed),
    ];
    a.advance(24 * H);
    b.advance(24 * H);
    const [ra, rb] = [
      await rows(a, 'ListSplitBillDetail', { BillPeriod: '2026-03' }),
      await rows(b, 'ListSplitBillDetail', { BillPeriod: '2026-03' }),
    ];
    expect(ra).toEqual(rb);
    const day = new Decimal(ra[0]!.PayableAmount);
    expect(day.eq(48)).toBe(false);
    expect(day.gte(24) && day.lte(72)).toBe(true);
  });

  it('ListBillDetail shows Project "-" for Ark inference where the split bill attributes it', async () => {
    const sim = await virtualSim(
      '2026-03-10T00:00:00Z',
      aliceSeed({
        burns: [
          { project: 'p1', user: 'alice', ratePerHour: '1.00' },
          { project: 'p1', ratePerHour: '0.50', product: 'ECS' },
        ],
      }),
    );
    sim.advance(4 * H);
    const detail = await rows(sim, 'ListBillDetail', { BillPeriod: '2026-03' });
    expect(detail.map((r) => [r.Product, r.Project]).sort()).toEqual([
      ['ECS', 'p1'],
      ['ark', '-'],
    ]);
    const filtered = await rows(sim, 'ListSplitBillDetail', {
      BillPeriod: '2026-03',
      Project: ['p1'],
      Product: ['ark'],
    });
    expect(perDay(filtered)).toEqual({ 'p1|2026-03-10': '4.00' });
    const byProduct = await rows(sim, 'ListBillDetail', {
      BillPeriod: '2026-03',
      GroupTerm: 2,
      Project: ['p1'],
    });
    expect(byProduct).toHaveLength(1);
  });

  it('validates Limit, BillPeriod and ExpenseDate, and gives Total only with NeedRecordNum=1', async () => {
    const sim = await virtualSim('2026-03-10T00:00:00Z', aliceSeed());
    sim.advance(5 * H);
    const q = (json: Record<string, unknown>) =>
      call(sim, { action: 'ListSplitBillDetail', service: 'billing', json });
    expect((await q({ BillPeriod: '2026-03' })).code).toBe('MissingParameter');
    expect((await q({ BillPeriod: '2026-03', Limit: 301 })).status).toBe(400);
    expect((await q({ BillPeriod: '2026-04', Limit: 10 })).code).toBe('InvalidParameter');
    expect((await q({ BillPeriod: '2021-12', Limit: 10 })).code).toBe('InvalidParameter');
    // ExpenseDate only with GroupPeriod 1 or 2 (ark-api.md §6.1); GroupPeriod 0 is one row per bill period
    expect(
      (await q({ BillPeriod: '2026-03', Limit: 10, GroupPeriod: 0, ExpenseDate: '2026-03-10' })).code,
    ).toBe('InvalidParameter');
    expect(
      (await q({ BillPeriod: '2026-03', Limit: 10, GroupPeriod: 2, ExpenseDate: '2026-03-10' })).status,
    ).toBe(200);
    const strings = await q({
      BillPeriod: '2026-03',
      Limit: '10',
      Offset: '0',
      GroupPeriod: '1',
      NeedRecordNum: '1',
    });
    expect(strings.result).toMatchObject({ Total: 1, Limit: 10, Offset: 0 });
    const noTotal = await q({ BillPeriod: '2026-03', Limit: 10 });
    expect(noTotal.result.Total).toBe(0);
    expect(noTotal.result.List).toHaveLength(1);
    const day = await q({
      BillPeriod: '2026-03',
      Limit: 10,
      GroupPeriod: 1,
      ExpenseDate: '2026-03-11',
      NeedRecordNum: 1,
    });
    expect(day.result.Total).toBe(0);
  });

  it('answers ListBill, ListBillOverviewByProd and QueryBalanceAcct from the same spending', async () => {
    const sim = await virtualSim('2026-03-10T00:00:00Z', aliceSeed({ balance: '100.00' }));
    sim.advance(10 * H);
    const bill = await call(sim, {
      action: 'ListBill',
      service: 'billing',
      json: { BillPeriod: '2026-03', Limit: 10, NeedRecordNum: 1 },
    });
    expect(bill.result.List).toEqual([
      expect.objectContaining({ Product: 'ark', PayableAmount: '10.00', PayStatus: 'Unsettle' }),
    ]);
    const prod = await call(sim, {
      action: 'ListBillOverviewByProd',
      service: 'billing',
      json: { BillPeriod: '2026-03', Limit: 10 },
    });
    expect(prod.result.List[0].PayableAmount).toBe('10.00');
    const bal = await call(sim, { action: 'QueryBalanceAcct', service: 'billing', json: {} });
    expect(bal.result).toMatchObject({
      AvailableBalance: '90.00',
      CashBalance: '90.00',
      ArrearsBalance: '0.00',
    });
  });

  it('split billing off: the split bill is empty while ListBillDetail has the rows; once on, only days from then', async () => {
    const sim = await virtualSim('2026-03-01T00:00:00+08:00', aliceSeed());
    sim.advance(4 * 24 * H);
    sim.settings({ splitBillingSince: null });
    expect(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' })).toEqual([]);
    // (ListBillDetail shows Ark inference under project "-", as the real one.)
    expect(perDay(await rows(sim, 'ListBillDetail', { BillPeriod: '2026-03' }))['-|2026-03-01']).toBe(
      '24.00',
    );
    // Switched on at 09:30 on March 2: that partly covered day is left out (the harsher reading).
    sim.settings({ splitBillingSince: '2026-03-02T09:30:00+08:00' });
    expect(perDay(await rows(sim, 'ListSplitBillDetail', { BillPeriod: '2026-03' }))).toEqual({
      'p1|2026-03-03': '24.00',
      'p1|2026-03-04': '24.00',
    });
  });

  it('odd rows: a refund dated last month, a fee with no project, and short pages under IgnoreZero', async () => {
    const sim = await virtualSim('2026-03-01T00:00:00+08:00', aliceSeed());
    sim.advance(4 * 24 * H);
    sim.settings({ oddBillRows: true });
    const body = { BillPeriod: '2026-03', GroupPeriod: 1, IgnoreZero: 1, NeedRecordNum: 1, Limit: 3 };
    const pages: Row[][] = [];
    for (let offset = 0; ; offset += 3) {
      const r = await call(sim, {
        action: 'ListSplitBillDetail',
        service: 'billing',
        json: { ...body, Offset: offset },
      });
      pages.push(r.result.List as Row[]);
      if (offset + 3 >= r.result.Total) break;
    }
    expect(pages.some((p) => p.length < 3 && p !== pages.at(-1))).toBe(true);
    const list = pages.flat();
    const refund = list.find((r) => r.BillCategory === 'refund-terminate')!;
    expect(refund).toMatchObject({ BillPeriod: '2026-03', ExpenseDate: '2026-02-28', Project: 'p1' });
    expect(refund.PayableAmount).toBe('-1.00');
    const fee = list.find((r) => (r as Record<string, string | undefined>)['Project'] === undefined)!;
    expect(fee.PayableAmount).toBe('0.50');
    expect(list.every((r) => r.PayableAmount !== '0.00')).toBe(true);
  });

  // Its speed is measured in bench/volcList.ts (no timed assertion here: this machine is shared).
  it('pages a month of 2,000 users × 3 projects: full pages that together hold each row once', async () => {
    const users = Array.from({ length: 2000 }, (_, i) => ({ userName: `u${i}`, accessKeys: [{}] }));
    const burns = users.flatMap((u, i) =>
      [0, 1, 2].map((j) => ({
        project: `team-${(i + j * 7) % 30}`,
        user: u.userName,
        ratePerHour: '0.5',
        noise: 0.3,
      })),
    );
    const sim = await virtualSim('2026-02-28T16:00:00Z', {
      billLagMinutes: 0,
      users,
      projects: Array.from({ length: 30 }, (_, i) => ({ projectName: `team-${i}` })),
      burns,
    });
    sim.advance(30 * 24 * H);
    const body = { BillPeriod: '2026-03', Limit: 300, GroupPeriod: 1, NeedRecordNum: 1 };
    const first = await call(sim, {
      action: 'ListSplitBillDetail',
      service: 'billing',
      json: { ...body, Offset: 0 },
    });
    expect(first.result.Total).toBe(6000 * 30);
    const seen = new Set<string>();
    for (let i = 0; i <= 15; i++) {
      const r = await call(sim, {
        action: 'ListSplitBillDetail',
        service: 'billing',
        json: { ...body, Offset: i * 300 },
      });
      expect(r.result.List).toHaveLength(300);
      for (const row of r.result.List as Array<Record<string, string>>)
        seen.add(JSON.stringify([row.ExpenseDate, row.InstanceNo, row.SplitItemID, row.Project, row.Owner]));
    }
    expect(seen.size).toBe(16 * 300);
  });
});
