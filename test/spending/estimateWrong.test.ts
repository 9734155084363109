import { afterEach, describe, expect, it } from 'vitest';
import { spendingLayersRepo } from '../../src/db/repos/spendingLayers.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { estimateErrors } from '../../src/services/spending/estimateError.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, titles, type ArkWorld } from '../enforcement/support.js';
import { ALERT_CHAT } from '../watch/support.js';

const MIN = 60_000;
const MODEL = 'doubao-seed-1-6';

async function layers(a: ArkWorld) {
  const sub = await a.w.sub('ua');
  const l = await withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
  return {
    spent: Number(l.spent),
    final: Number(l.final),
    billed: Number(l.billed),
    estimated: Number(l.estimated),
  };
}

async function ledger(a: ArkWorld) {
  return withReader(a.w.deps.db, async (m) =>
    (await a.w.deps.repos.ledger.chain(m, a.subId)).map((e) => `${e.seq}:${e.source}:${e.amount.toFixed(2)}`),
  );
}

/** `n` cycles `every` apart; `billed` false leaves the bill detail unread (the estimate alone stands in). */
async function cycles(a: ArkWorld, n: number, every = 10 * MIN, billed = false) {
  for (let i = 0; i < n; i++) {
    await a.w.advance(every);
    await a.w.check(billed ? {} : { tuning: { billedEveryMs: 0 } });
    await a.w.deliver();
  }
}

async function highCalibration(a: ArkWorld) {
  // The account's price as AirGate understood it runs 20 % above what the bill charges.
  await inTransaction(a.w.deps.db, (tx) =>
    spendingLayersRepo.saveCalibration(tx, {
      accountId: a.w.accountId,
      model: MODEL,
      ratio: money('1.2'),
      estimated: money('0'),
      finalAmount: money('0'),
      lastDay: '2026-05-09',
      updatedAt: a.w.deps.clock.now(),
    }),
  );
}

describe.each(dbKinds())('an estimate 20 % high on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('alerts and disables on the estimate, then the final bill undoes the disable and corrects the calibration; the ledger never moves', async () => {
    a = await openArkWorld(kind, { quota: '30', settings: { arkThrottlePercent: 0 } });
    // Compared with the true spend: no revision of the split bill (arkRevision.test.ts tests those).
    a.w.volc.ark.settings({ splitBillLagMinutes: 24 * 60, usageLagMinutes: 30, splitBillRevision: null });
    await highCalibration(a);
    const before = await ledger(a);

    // ≈ 11.52 元/h for 140 minutes: truly ≈ 26.9 of 30 (90 %), never 100 %.
    await cycles(a, 14);
    a.w.volc.ark.stopTraffic();
    const truth = Number(a.w.volc.ark.spend().byProject['pa']);
    expect(truth).toBeLessThan(30);
    // The usage catches up: 1.2 × 26.9 ≈ 32 → "100 %" on the estimate, and the sub-account is stopped.
    await cycles(a, 5);
    expect((await a.w.sub('ua')).status).toBe('disabled');
    const high = await layers(a);
    expect(high.final).toBe(0);
    expect(high.estimated).toBeCloseTo(truth * 1.2, 1);

    // Two days on (a cycle every 6 hours) the split bill has the day and it closes: spending is the bill's.
    await cycles(a, 10, 6 * 60 * MIN);
    const after = await layers(a);
    expect(after.final).toBeCloseTo(truth, 2);
    expect(after.estimated).toBe(0);
    // Below 100 %: the disable is undone, and says why.
    expect((await a.w.sub('ua')).status).toBe('active');
    expect(titles(a).slice(0, 5)).toEqual([
      'ua 已用到额度的 50%',
      'ua 已用到额度的 80%',
      'ua 已用到额度的 90%',
      'ua 额度用完，方舟消费已停止',
      'ua 额度用完，已自动禁用',
    ]);
    const back = a.w.feishu
      .messages({ chatId: ALERT_CHAT })
      .map((m) => JSON.stringify(m.card))
      .filter((c) => c.includes('ua 已恢复'));
    expect(back).toHaveLength(1);
    // It says why: the disable was on an estimate the bill showed too high, not an allocation.
    expect(back[0]).toContain('当初按**估算**花费停用');
    expect(back[0]).not.toContain('追加');
    // The calibration now says the estimate matched the bill.
    const cal = await withReader(a.w.deps.db, (m) => spendingLayersRepo.calibrations(m, a.w.accountId));
    expect(cal.map((c) => [c.model, c.ratio.toFixed(2)])).toEqual([[MODEL, '1.00']]);
    // The error per project and model, as doctor and the dashboard show it: the raw estimate matched.
    const errors = await withReader(a.w.deps.db, (m) => estimateErrors(m, a.w.accountId));
    expect(errors.map((e) => [e.project, e.model, e.percent])).toEqual([['pa', MODEL, '0']]);
    expect(await ledger(a)).toEqual(before);
  });

  it('with the bill detail read, the billed layer corrects the 20 % within the hour: no false stop, and says which money is billed', async () => {
    a = await openArkWorld(kind, { quota: '30', settings: { arkThrottlePercent: 0 } });
    // Compared with the true spend: no revision of the split bill (arkRevision.test.ts tests those).
    a.w.volc.ark.settings({
      splitBillLagMinutes: 24 * 60,
      usageLagMinutes: 30,
      billDetailLagMinutes: 10,
      splitBillRevision: null,
    });
    await highCalibration(a);
    const before = await ledger(a);

    // The same ≈ 26.9 of 30 as above, with the bill detail read once an hour.
    await cycles(a, 14, 10 * MIN, true);
    a.w.volc.ark.stopTraffic();
    const truth = Number(a.w.volc.ark.spend().byProject['pa']);
    expect(truth).toBeLessThan(30);
    await cycles(a, 7, 10 * MIN, true);
    // The bill detail's rows, per model and hour, set the ratio back to what the bill charges.
    const billed = await withReader(a.w.deps.db, (m) =>
      spendingLayersRepo.listBilled(m, a.w.accountId, '2026-05-01'),
    );
    const row = billed.find((b) => b.model === MODEL)!;
    expect(Number(row.billed)).toBeGreaterThan(0);
    expect(row.billed.div(row.estimated).toFixed(2)).toBe('1.00');
    // Spending is the truth, no longer 1.2 × it; most of it is billed (the hours the detail covers).
    const now = await layers(a);
    expect(now.spent).toBeCloseTo(truth, 1);
    expect(now.billed).toBeGreaterThan(now.estimated);
    expect(now.final).toBe(0);
    // No stop on a wrong estimate: truly 89.6 %, so 80 % is the highest alert (the estimate alone said
    // 100 % and stopped it, above); the sub-account stays active.
    expect(truth / 30).toBeLessThan(0.9);
    expect((await a.w.sub('ua')).status).toBe('active');
    expect(titles(a)).toEqual(['ua 已用到额度的 50%', 'ua 已用到额度的 80%']);
    // The alert card says which part is billed, which estimated.
    const cards = a.w.feishu.messages({ chatId: ALERT_CHAT }).map((m) => JSON.stringify(m.card));
    expect(cards.some((c) => c.includes('已计费未分账'))).toBe(true);

    // The split bill lands two days on: every layer gives way to it, once, and the error is 0 %.
    await cycles(a, 10, 6 * 60 * MIN, true);
    const after = await layers(a);
    expect(after.final).toBeCloseTo(truth, 2);
    expect(after.billed + after.estimated).toBe(0);
    // The calibration after: the closed days' final bill against the raw estimate, per model and per project.
    const cal = await withReader(a.w.deps.db, (m) => spendingLayersRepo.calibrations(m, a.w.accountId));
    expect(cal.map((c) => [c.model, c.ratio.toFixed(2)])).toEqual([[MODEL, '1.00']]);
    const errors = await withReader(a.w.deps.db, (m) => estimateErrors(m, a.w.accountId));
    expect(errors.map((e) => [e.project, e.model, e.percent])).toEqual([['pa', MODEL, '0']]);
    expect(await ledger(a)).toEqual(before);
  });
});
