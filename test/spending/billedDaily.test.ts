import { afterEach, describe, expect, it } from 'vitest';
import { spendingLayersRepo } from '../../src/db/repos/spendingLayers.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { ALL_MODELS, ratioResolver } from '../../src/services/spending/ratios.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

/** Every bill-detail read of the billed layer: its day and grouping. */
function spyDetail(a: ArkWorld, failDayRows = false): Array<{ day: string; group: number }> {
  const calls: Array<{ day: string; group: number }> = [];
  a.proxy.failWhen((action, body) => {
    if (action !== 'ListBillDetail' || body['Product'] === undefined) return false;
    calls.push({ day: String(body['ExpenseDate']), group: Number(body['GroupPeriod']) });
    return failDayRows && Number(body['GroupPeriod']) === 1 && 500;
  });
  return calls;
}

describe.each(dbKinds())('a day too big in 5-minute rows, calibrated from its day rows, on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('the next morning reads the complete day once by its day rows and calibrates it; today over budget uses that ratio', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    const calls = spyDetail(a);
    // Pages of 5 rows: a day of 5-minute rows is far over the 4 pages a read may take; its day rows (one per
    // endpoint and charge item) are one page.
    const tuning = { tuning: { pageSize: 5 } };
    // 12:00 → 00:00 Shanghai, hourly cycles: every read of 2026-05-10 is over budget, never a day-row read.
    let last;
    for (let i = 0; i < 12; i++) {
      await a.w.advance(60 * MIN);
      last = await a.w.check(tuning);
    }
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.group === 2)).toBe(true);
    expect(last!.summary.accounts[0]!.billedError).toMatch(
      /2026-05-10: .* more than 4 pages a read may take/,
    );
    const before = await withReader(a.w.deps.db, (m) =>
      spendingLayersRepo.listBilled(m, a.w.accountId, '2026-05-01'),
    );
    expect(before.filter((b) => b.model !== ALL_MODELS)).toHaveLength(0);

    // 01:00: 2026-05-10 is complete (usage and bill detail): one read of its day rows, and it is calibrated.
    calls.length = 0;
    await a.w.advance(60 * MIN);
    const morning = await a.w.check(tuning);
    expect(calls).toEqual([{ day: '2026-05-10', group: 1 }]);
    expect(morning.summary.accounts[0]!.billedError).toBeUndefined();
    const rows = await withReader(a.w.deps.db, (m) =>
      spendingLayersRepo.listBilled(m, a.w.accountId, '2026-05-01'),
    );
    const day = rows.find((b) => b.day === '2026-05-10' && b.model !== ALL_MODELS)!;
    expect(Number(day.billed)).toBeGreaterThan(0);
    expect(Number(day.estimated)).toBeGreaterThan(0);
    expect(day.spanUntil.toISOString()).toBe('2026-05-10T16:00:00.000Z');
    // The simulator bills at the listed prices (ratio 1): say the bill was 25 % over the estimate, to see
    // which ratio today gets.
    await inTransaction(a.w.deps.db, (tx) =>
      spendingLayersRepo.upsertBilled(tx, [{ ...day, billed: money(day.estimated.mul('1.25')) }]),
    );

    // 02:00: the day is not read again; today (5-minute rows since midnight) is over budget, said so.
    calls.length = 0;
    await a.w.advance(60 * MIN);
    const next = await a.w.check(tuning);
    expect(calls).toEqual([{ day: '2026-05-11', group: 2 }]);
    expect(next.summary.accounts[0]!.billedError).toMatch(/2026-05-11: .* more than 4 pages/);
    const after = await withReader(a.w.deps.db, (m) =>
      spendingLayersRepo.listBilled(m, a.w.accountId, '2026-05-01'),
    );
    expect(after.filter((b) => b.day === '2026-05-11' && b.model !== ALL_MODELS)).toHaveLength(0);
    expect(after.find((b) => b.day === '2026-05-10' && b.model === day.model)!.billed.toFixed(2)).toBe(
      day.estimated.mul('1.25').toFixed(2),
    );
    // Today's estimate is calibrated by yesterday's billed ratio.
    const ratio = ratioResolver({ billed: after, errors: [], calibrations: [] });
    expect(ratio('pa', '2026-05-10', day.model)).toBe(1_250_000n);
    expect(ratio('pa', '2026-05-11', day.model)).toBe(1_250_000n);
  });

  it('a read where both days fail says so for each day', async () => {
    a = await openArkWorld(kind, { quota: '100000', settings: { arkThrottlePercent: 0 } });
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30 });
    const calls = spyDetail(a, true);
    const tuning = { tuning: { pageSize: 5 } };
    // 12:00 → 02:00 Shanghai, hourly: at 01:00 the day rows of 2026-05-10 fail; at 02:00 they are tried again
    // (the day is not covered yet) and fail, and today's 5-minute rows are over budget.
    let last;
    for (let i = 0; i < 14; i++) {
      await a.w.advance(60 * MIN);
      last = await a.w.check(tuning);
    }
    // (each failed call retried by the client)
    expect([...new Set(calls.filter((c) => c.group === 1).map((c) => c.day))]).toEqual(['2026-05-10']);
    const error = last!.summary.accounts[0]!.billedError ?? '';
    expect(error).toContain('2026-05-10');
    expect(error).toMatch(/2026-05-11: .* more than 4 pages/);
  });
});
