import { afterEach, describe, expect, it } from 'vitest';
import { checkBilledRead } from '../../src/services/doctor/billedCheck.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

async function cycles(a: ArkWorld, n: number, pageSize?: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await a.w.advance(10 * MIN);
    await a.w.check(pageSize ? { tuning: { pageSize } } : {});
  }
}

describe.each(dbKinds())('airgate doctor: how far the bill detail was read, on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('shows the hour the bill detail was read up to, and warns once it trails more than 2 hours while Ark is used', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    const ctx = { deps: a.w.deps, dbReady: true };
    const first = await checkBilledRead(ctx);
    expect(first.status).toBe('pass');
    expect(first.detail.en).toContain('no Ark usage');

    // 12:00 → 13:40 Shanghai: the first complete usage hour (12:00–13:00) is read at 13:30.
    await cycles(a, 10);
    const read = await checkBilledRead(ctx);
    expect(read.status).toBe('pass');
    expect(read.detail.zh).toContain('账单明细已读到 2026-05-10 13:00（每小时一次）');
    expect(read.detail.en).toContain('bill detail read up to 2026-05-10 13:00 (hourly)');

    // From now on every bill-detail read fails: the layer stays at 13:00 while the traffic goes on.
    a.proxy.failWhen(
      (action, body) => action === 'ListBillDetail' && Number(body['GroupPeriod']) === 2 && 500,
    );
    await cycles(a, 12); // 15:40: the detail could hold up to 15:00, 2 hours past 13:00: not yet
    expect((await checkBilledRead(ctx)).status).toBe('pass');
    await cycles(a, 6); // 16:40: 3 hours
    const late = await checkBilledRead(ctx);
    expect(late.status).toBe('warn');
    expect(late.detail.zh).toContain('账单明细已读到 2026-05-10 13:00');
    expect(late.detail.zh).toContain('落后超过 2 小时');
    expect(late.detail.en).toContain('More than 2 hours behind while Ark is used');
    expect(late.fix?.en).toContain('4 pages');
  });

  it('warns when the day’s 5-minute rows are over the read’s page budget (the day is left to the estimate)', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    // Pages of 5 rows: at the first read (13:30) the traffic since 12:00 is ~36 rows, 8 pages, more than the 4 a
    // read may take; each hourly read after finds more.
    await cycles(a, 18, 5);
    const c = await checkBilledRead({ deps: a.w.deps, dbReady: true });
    expect(c.status).toBe('warn');
    expect(c.detail.zh).toContain('账单明细已读到 2026-05-10 00:00');
    expect(c.detail.en).toContain('More than 2 hours behind while Ark is used');
    expect(c.fix?.zh).toContain('超过 4 页');
  });
});
