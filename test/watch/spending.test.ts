import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from './support.js';

// 2026-06-02 12:00 Shanghai: inside the first days of June, so May's bill is read as well.
const START = '2026-06-02T04:00:00Z';
const since = '2026-05-29T16:00:00Z'; // 2026-05-30 00:00 Shanghai

async function spentOf(w: WatchWorld, user: string): Promise<Record<string, string>> {
  const sub = await w.sub(user);
  const projects = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
  return Object.fromEntries(projects.map((p) => [p.projectName, p.spent.toFixed(2)]));
}

async function storedDay(w: WatchWorld, project: string, day: string): Promise<string[]> {
  const rows = await withReader(w.deps.db, (m) =>
    w.deps.repos.spending.list(m, {
      accountId: w.accountId,
      projectNames: [project],
      sinceDay: day,
      untilDay: day,
    }),
  );
  return rows.map((r) => r.amount.toFixed(2));
}

describe.each(dbKinds())('spending records on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('sums each project since its counts-from day across the month boundary; a late revision replaces the day', async () => {
    w = await openWatchWorld(kind, {
      start: START,
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'pa' }, { projectName: 'pb' }],
        users: [simUser('ua')],
        burns: [
          { project: 'pa', user: 'ua', ratePerHour: '1', since },
          { project: 'pb', user: 'ua', ratePerHour: '2', since },
        ],
      },
      settings: { earlyWarningHours: 0 },
    });
    await w.addSub('ua', ['pa'], { quota: '1000', countsFrom: '2026-05-31' });
    await w.addSub('ub', ['pb'], { quota: '1000', countsFrom: '2026-06-01' });

    const r1 = await w.check({ tuning: { pageSize: 2 } });
    // pa: May 31 (24) + June 1 (24) + June 2 until 12:00 (12); pb counts from June 1: (24 + 12) × 2
    expect({ ...(await spentOf(w, 'ua')), ...(await spentOf(w, 'ub')) }).toEqual({
      pa: '60.00',
      pb: '72.00',
    });
    // Calls are the bill pages, however many sub-accounts there are: per period its totals (one row per
    // project) and its open days (within the split bill's 2-day lag: May 31, June 1, June 2), plus pa per day
    // over May (it starts counting on May 31); 2 rows per page, one page each.
    expect(r1.summary.billingCalls).toBe(6);
    expect(w.volc.callCount('ListSplitBillDetail')).toBe(6);

    // Late revisions: May 31 of pa goes down, June 1 of pb goes to zero (the bill then drops the row).
    w.volc.revise({ project: 'pa', date: '2026-05-31', amount: '20' });
    w.volc.revise({ project: 'pb', date: '2026-06-01', amount: '0' });
    await w.check();
    await w.check();
    expect({ ...(await spentOf(w, 'ua')), ...(await spentOf(w, 'ub')) }).toEqual({
      pa: '56.00',
      pb: '24.00',
    });
    expect(await storedDay(w, 'pa', '2026-05-31')).toEqual(['20.00']);
    expect(await storedDay(w, 'pb', '2026-06-01')).toEqual(['0.00']);
  });
});
