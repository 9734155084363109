import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';

const MIN = 60_000;

async function layers(a: ArkWorld) {
  const sub = await a.w.sub('ua');
  const l = await withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
  return { spent: l.spent.toFixed(2), final: l.final.toFixed(2), estimated: l.estimated.toFixed(2) };
}

/**
 * An hour of unrevised Ark traffic in `a`, billed and then closed (three days on, past the split bill's
 * 2-day lag): what it truly cost, which the layers' final figure shows.
 */
async function closedDay(a: ArkWorld): Promise<number> {
  // Unrevised until the test revises it (the simulator's default revises a share of days).
  a.w.volc.ark.settings({ splitBillRevision: null });
  await a.w.advance(60 * MIN);
  a.w.volc.ark.stopTraffic();
  const truth = Number(a.w.volc.ark.spend().byProject['pa'] ?? '0');
  expect(truth).toBeGreaterThan(5);
  for (let d = 0; d < 3; d++) {
    await a.w.advance(24 * 60 * MIN);
    await a.w.check();
  }
  expect(Number((await layers(a)).final)).toBeCloseTo(truth, 2);
  return truth;
}

describe.each(dbKinds())('a revised split bill on %s', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  it('a closed day whose Ark split rows are revised 20 % down replaces the figure, never adds to it', async () => {
    a = await openArkWorld(kind, { quota: '1000', settings: { arkThrottlePercent: 0 } });
    const truth = await closedDay(a);
    // Volcengine revises that day's split rows (unverified how; the simulator's setting).
    a.w.volc.ark.settings({ splitBillRevision: { share: 1, percent: -20, afterMinutes: 0 } });
    await a.w.advance(10 * MIN);
    await a.w.check();
    const after = await layers(a);
    expect(Number(after.final)).toBeCloseTo(truth * 0.8, 1);
    expect(after.spent).toBe(after.final);
    expect(after.estimated).toBe('0.00');
    // Read again, it stays the revised figure (a replacement, not a second amount on top).
    await a.w.advance(10 * MIN);
    await a.w.check();
    expect(await layers(a)).toEqual(after);
  });

  it('a closed day revised 10 % up, as the simulator does by default, counts the higher figure', async () => {
    a = await openArkWorld(kind, { quota: '1000', settings: { arkThrottlePercent: 0 } });
    const truth = await closedDay(a);
    a.w.volc.ark.settings({ splitBillRevision: { share: 1, percent: 10, afterMinutes: 0 } });
    await a.w.advance(10 * MIN);
    await a.w.check();
    const after = await layers(a);
    expect(Number(after.final)).toBeCloseTo(truth * 1.1, 1);
    expect(after.spent).toBe(after.final);
  });
});
