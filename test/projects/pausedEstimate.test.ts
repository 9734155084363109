import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { loadStoredLayers } from '../../src/services/spending/readLayers.js';
import { toggleProject } from '../../src/services/projects/toggleProject.js';
import { dbKinds } from '../support/databases.js';
import { openArkWorld, type ArkWorld } from '../enforcement/support.js';
import { admin } from '../watch/support.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

async function spent(a: ArkWorld): Promise<number> {
  const sub = await a.w.sub('ua');
  const l = await withReader(a.w.deps.db, async (m) =>
    loadStoredLayers(m, await a.w.deps.repos.projects.listBySubAccount(m, sub.id), a.w.deps.clock.now()),
  );
  return Number(l.spent);
}

async function cycles(a: ArkWorld, n: number, every: number) {
  for (let i = 0; i < n; i++) {
    await a.w.advance(every);
    await a.w.check();
  }
}

/**
 * The split bill is 2 days late, so the skipped days are still open when the project resumes: only the Ark
 * usage estimate knows their spending. "Does not count" must keep it out of spent as it keeps the bill out.
 */
describe.each(dbKinds())('a skipped paused day on the estimate (%s)', (kind) => {
  let a: ArkWorld;
  afterEach(async () => a?.close());

  async function pausedThroughMay11(): Promise<{ beforePause: number; subId: string }> {
    a = await openArkWorld(kind, { quota: '100000' });
    a.w.volc.ark.settings({ splitBillLagMinutes: 48 * 60, billDetailLagMinutes: 10, usageLagMinutes: 30 });
    // May 10 12:00 → 14:00 Shanghai: spending on the pause day (it counts in full).
    await cycles(a, 4, 30 * MIN);
    a.w.volc.ark.stopTraffic();
    await cycles(a, 2, 30 * MIN);
    const beforePause = await spent(a);
    expect(beforePause).toBeGreaterThan(0);
    const subId = (await a.w.sub('ua')).id;
    await toggleProject(a.w.deps, { actor: admin, subAccountId: subId, projectName: 'pa', monitored: false });
    // May 11 (a whole paused day): the team's traffic runs from 08:00 to 20:00 Shanghai.
    await a.w.advance(18 * HOUR + 30 * MIN);
    a.w.volc.ark.addTraffic({ apiKey: a.key, target: a.endpoint, callsPerMinute: 60, label: 'paused' });
    await cycles(a, 12, HOUR);
    a.w.volc.ark.stopTraffic();
    // May 12 01:00 Shanghai: the usage of May 11 is all in, the split bill has none of it.
    await cycles(a, 5, HOUR);
    return { beforePause, subId };
  }

  it('the question says the spending of the skipped day is not known yet: the bill has none of it so far', async () => {
    const { subId } = await pausedThroughMay11();
    const ask = await toggleProject(a.w.deps, {
      actor: admin,
      subAccountId: subId,
      projectName: 'pa',
      monitored: true,
    });
    expect(ask.changed).toBe(false);
    expect(ask.ask?.map((q) => [q.skipFrom, q.skipTo, q.spending, q.provisional])).toEqual([
      ['2026-05-11', '2026-05-11', null, true],
    ]);
  });

  it('"does not count" leaves the estimate of the skipped day out of spent', async () => {
    const { beforePause, subId } = await pausedThroughMay11();
    await toggleProject(a.w.deps, {
      actor: admin,
      subAccountId: subId,
      projectName: 'pa',
      monitored: true,
      pausedSpending: 'skip',
    });
    await cycles(a, 2, 30 * MIN);
    expect(await spent(a)).toBeCloseTo(beforePause, 2);
  });

  it('"counts" keeps it', async () => {
    const { beforePause, subId } = await pausedThroughMay11();
    await toggleProject(a.w.deps, {
      actor: admin,
      subAccountId: subId,
      projectName: 'pa',
      monitored: true,
      pausedSpending: 'count',
    });
    await cycles(a, 2, 30 * MIN);
    expect(await spent(a)).toBeGreaterThan(beforePause + 100);
  });
});
