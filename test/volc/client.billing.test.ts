import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { VolcClient } from '../../src/volc/client.js';
import { UsageError } from '../../src/errors.js';
import {
  billDetailPages,
  listAllSplitBillDetails,
  listBill,
  listBillDetail,
  listSplitBillDetail,
  queryBalanceAcct,
  splitBillDetailPages,
} from '../../src/volc/actions/billing.js';

const HOUR = 3_600_000;
const dec = (a: string | undefined) => new Decimal(a ?? 'NaN').toFixed(6);
const sum = (amounts: string[]) => amounts.reduce((s, a) => s.plus(a), new Decimal(0)).toFixed(6);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('billing across a month boundary (Asia/Shanghai)', () => {
  // 2024-05-31 12:00 Shanghai; 24 hours later it is 2024-06-01 12:00
  const start = new Date('2024-05-31T04:00:00Z');
  let sim: VolcSim;
  let c: VolcClient;
  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 3,
      clock: { mode: 'virtual', start },
      // Paging is the subject, read unpaced as the other tests on a virtual clock do; the 5-a-second limit is
      // the simulator's billingLimits test and AirGate's pacer test (a burst of pages here was throttled under load).
      limits: { billingQps: 0 },
      seed: {
        billLagMinutes: 0,
        balance: '1000',
        projects: [{ projectName: 'proj-a', displayName: '项目甲' }],
        users: [{ userName: 'alice', accessKeys: [{}] }],
        burns: [{ project: 'proj-a', user: 'alice', ratePerHour: '1.5', since: start.toISOString() }],
      },
    });
    sim.advance(24 * HOUR);
    c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });
  });
  afterAll(() => sim.close());

  it('puts the 12 hours before Shanghai midnight in May and the 12 after in June', async () => {
    const may = await collect(listAllSplitBillDetails(c, { BillPeriod: '2024-05', GroupPeriod: 1 }));
    const june = await collect(listAllSplitBillDetails(c, { BillPeriod: '2024-06', GroupPeriod: 1 }));
    expect(
      may.map((r) => [r.BillPeriod, r.ExpenseDate, r.Project, r.ProjectDisplayName, dec(r.PayableAmount)]),
    ).toEqual([['2024-05', '2024-05-31', 'proj-a', '项目甲', '18.000000']]);
    expect(june.map((r) => [r.BillPeriod, r.ExpenseDate, dec(r.PayableAmount)])).toEqual([
      ['2024-06', '2024-06-01', '18.000000'],
    ]);
    expect(june[0]?.Currency).toBe('CNY');
  });

  it('hour detail rows of both months add up to the whole day of burn', async () => {
    const may = await listSplitBillDetail(c, {
      BillPeriod: '2024-05',
      GroupPeriod: 2,
      Limit: 300,
      NeedRecordNum: 1,
    });
    const june = await listSplitBillDetail(c, {
      BillPeriod: '2024-06',
      GroupPeriod: 2,
      Limit: 300,
      NeedRecordNum: 1,
    });
    expect([may.Total, june.Total]).toEqual([12, 12]);
    expect(sum([...may.List, ...june.List].map((r) => r.PayableAmount))).toBe('36.000000');
  });

  it('ListBillDetail, ListBill and QueryBalanceAcct answer with decimal strings', async () => {
    const detail = await listBillDetail(c, {
      BillPeriod: '2024-06',
      GroupPeriod: 1,
      GroupTerm: 1,
      Limit: 10,
      NeedRecordNum: 1,
    });
    expect(detail.List.map((r) => [r.ExpenseDate, dec(r.PayableAmount)])).toEqual([
      ['2024-06-01', '18.000000'],
    ]);
    // like the real service, ListBillDetail loses the project of Ark model inference; the split bill keeps it
    expect(detail.List[0]?.Project).toBe('-');
    const bill = await listBill(c, { BillPeriod: '2024-05', Limit: 10, NeedRecordNum: 1 });
    expect(bill.List.map((r) => [r.Product, dec(r.PayableAmount)])).toEqual([['ark', '18.000000']]);
    const balance = await queryBalanceAcct(c);
    expect(dec(balance.AvailableBalance)).toBe('964.000000');
  });

  it('refuses a malformed BillPeriod before calling', async () => {
    sim.resetCalls();
    await expect(listSplitBillDetail(c, { BillPeriod: '2024-6', Limit: 10 })).rejects.toBeInstanceOf(
      UsageError,
    );
    expect(sim.callCount()).toBe(0);
  });
});

describe('bill pages', () => {
  let sim: VolcSim;
  let c: VolcClient;
  beforeAll(async () => {
    // 2024-05-01 00:00 Shanghai, 20 days of one burn: 480 hour rows
    const start = new Date('2024-04-30T16:00:00Z');
    sim = await startVolcSim({
      rngSeed: 4,
      clock: { mode: 'virtual', start },
      // Paging is the subject, read unpaced as the other tests on a virtual clock do; the 5-a-second limit is
      // the simulator's billingLimits test and AirGate's pacer test (a burst of pages here was throttled under load).
      limits: { billingQps: 0 },
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'p1' }],
        burns: [{ project: 'p1', ratePerHour: '0.123457', noise: 0.3, since: start.toISOString() }],
      },
    });
    sim.advance(20 * 24 * HOUR);
    c = new VolcClient({ credentials: sim.credentials, endpoint: sim.url });
  });
  afterAll(() => sim.close());

  it('iterates 300 rows a page with Offset until Total, and the pages add up to the day totals', async () => {
    sim.resetCalls();
    const pages = await collect(splitBillDetailPages(c, { BillPeriod: '2024-05', GroupPeriod: 2 }));
    expect(pages.map((p) => [p.offset, p.items.length, p.total])).toEqual([
      [0, 300, 480],
      [300, 180, 480],
    ]);
    expect(sim.callCount('ListSplitBillDetail')).toBe(2);
    const hours = pages.flatMap((p) => p.items);
    const days = await collect(listAllSplitBillDetails(c, { BillPeriod: '2024-05', GroupPeriod: 1 }));
    expect(days).toHaveLength(20);
    expect(sum(hours.map((r) => r.PayableAmount))).toBe(sum(days.map((r) => r.PayableAmount)));
  });

  it('pages ListBillDetail the same way, and a filter that matches nothing ends at once', async () => {
    const pages = await collect(billDetailPages(c, { BillPeriod: '2024-05', GroupPeriod: 2, pageSize: 200 }));
    expect(pages.map((p) => p.items.length)).toEqual([200, 200, 80]);
    const none = await collect(
      splitBillDetailPages(c, { BillPeriod: '2024-05', GroupPeriod: 1, Project: ['other'] }),
    );
    expect(none.map((p) => [p.items.length, p.total])).toEqual([[0, 0]]);
  });
});
