import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

const DAY = 86_400_000;
const PROJECTS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

/** Split-bill requests one cycle made (counted at the simulator). */
async function callsOfCycle(w: WatchWorld): Promise<number> {
  w.volc.resetCalls();
  const r = await w.check({ tuning: { pageSize: 3 } });
  expect(r.summary.accounts[0]!.complete).toBe(true);
  return w.volc.callCount('ListSplitBillDetail');
}

describe.each(dbKinds())('the bill sweep on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('makes as many calls on day 28 as on day 10, and on day 3 only the previous month’s totals more', async () => {
    // 2026-06-03 12:00 Shanghai: May is not final yet (day 5, 10:00).
    w = await openWatchWorld(kind, {
      start: '2026-06-03T04:00:00Z',
      seed: {
        billLagMinutes: 0,
        projects: PROJECTS.map((projectName) => ({ projectName })),
        users: [simUser('ua'), simUser('ub'), simUser('uc')],
        burns: PROJECTS.map((project, i) => ({
          project,
          user: ['ua', 'ub', 'uc'][i % 3]!,
          ratePerHour: '0.01',
          since: '2026-05-01T00:00:00+08:00',
        })),
      },
      settings: { earlyWarningHours: 0 },
    });
    await w.addSub('ua', ['p1', 'p4'], { quota: '100000', countsFrom: '2026-05-01' });
    await w.addSub('ub', ['p2', 'p5'], { quota: '100000', countsFrom: '2026-05-01' });
    await w.addSub('uc', ['p3', 'p6'], { quota: '100000', countsFrom: '2026-05-01' });

    // 6 projects, 3 rows a page: a period's totals are 2 pages, each open day (3 within the 2-day lag) 2 pages.
    const day3 = await callsOfCycle(w);
    await w.advance(7 * DAY);
    // May is final since day 5: read once more to see it unchanged, then left alone.
    expect(await callsOfCycle(w)).toBe(2 + 2 + 3 * 2);
    const day10 = await callsOfCycle(w);
    await w.advance(18 * DAY);
    const day28 = await callsOfCycle(w);
    expect({ day3, day10, day28 }).toEqual({ day3: 2 + 2 + 3 * 2, day10: 2 + 3 * 2, day28: 2 + 3 * 2 });
    // The period's totals and the open days sum to the bill: 0.01/h for all of May and June 1–27 + 12 h.
    const spent = await withReader(w.deps.db, async (m) =>
      (await w.deps.repos.projects.listByAccount(m, w.accountId)).map((p) => p.spent.toFixed(2)),
    );
    expect(spent).toEqual(PROJECTS.map(() => '14.04'));
    // Per project and day (the old sweep) day 28 alone would have been ⌈6 × 28 / 3⌉ = 56 pages.
  });
});
