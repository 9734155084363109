import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from './support.js';

const HOUR = 3_600_000;

async function spentOf(w: WatchWorld, user: string): Promise<string> {
  const sub = await w.sub(user);
  const [p] = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
  return p!.spent.toFixed(2);
}

/** Bill periods the last cycle read. */
async function periodsRead(w: WatchWorld): Promise<number> {
  const r = await w.check();
  return r.summary.accounts[0]!.periods?.length ?? 0;
}

describe.each(dbKinds())('the previous month until it is final on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('re-reads last month until day 5 10:00 Shanghai, then until its figures stop changing', async () => {
    // 2026-06-04 12:00 Shanghai: day 4, May is not final yet.
    w = await openWatchWorld(kind, {
      start: '2026-06-04T04:00:00Z',
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'pa' }],
        users: [simUser('ua')],
        burns: [{ project: 'pa', user: 'ua', ratePerHour: '1', since: '2026-05-30T00:00:00+08:00' }],
      },
    });
    // With contract billing May is final only on the 6th working day (June 8): adjustments land later.
    w.volc.settings({ contractBilling: true });
    await w.addSub('ua', ['pa'], { quota: '1000', countsFrom: '2026-05-01' });
    await w.check();
    // May 30–31 (48) + June 1–3 (72) + June 4 until 12:00 (12)
    expect(await spentOf(w, 'ua')).toBe('132.00');

    // Day 4: a refund lowers May 31 to 10; it must still be read.
    w.volc.revise({ project: 'pa', date: '2026-05-31', amount: '10' });
    await w.advance(HOUR);
    expect(await periodsRead(w)).toBe(2);
    expect(await spentOf(w, 'ua')).toBe('119.00');

    // Day 5, 11:00 Shanghai: final for AirGate, yet an adjustment still lands (contract billing)…
    await w.advance(22 * HOUR);
    w.volc.revise({ project: 'pa', date: '2026-05-30', amount: '20' });
    expect(await periodsRead(w)).toBe(2);
    expect(await spentOf(w, 'ua')).toBe('137.00');
    // …so May is read again, found unchanged, and then left alone.
    await w.advance(HOUR);
    expect(await periodsRead(w)).toBe(2);
    await w.advance(HOUR);
    expect(await periodsRead(w)).toBe(1);
    expect(await spentOf(w, 'ua')).toBe('139.00');
  });

  it('with the contractBilling setting, keeps reading last month past day 5 until the 6th working day', async () => {
    // 2026-06-05 11:00 Shanghai: final for pay-as-you-go, not for contract billing (final on Mon June 8 10:00).
    const seed = {
      billLagMinutes: 0,
      projects: [{ projectName: 'pa' }],
      users: [simUser('ua')],
      burns: [{ project: 'pa', user: 'ua', ratePerHour: '1', since: '2026-05-30T00:00:00+08:00' }],
    };
    w = await openWatchWorld(kind, {
      start: '2026-06-05T03:00:00Z',
      seed,
      settings: { contractBilling: true },
    });
    await w.addSub('ua', ['pa'], { quota: '1000', countsFrom: '2026-05-01' });
    await w.check();
    for (let i = 0; i < 3; i++) {
      await w.advance(HOUR);
      expect(await periodsRead(w)).toBe(2);
    }
    // Monday June 8, 11:00 Shanghai: final; read once more unchanged, then left alone.
    await w.advance(3 * 24 * HOUR - 3 * HOUR);
    await w.advance(HOUR);
    const reads = [await periodsRead(w), await periodsRead(w)];
    expect(reads).toContain(1);
    expect(reads.at(-1)).toBe(1);
  });

  it('the simulator refuses to revise a month after it is final', async () => {
    w = await openWatchWorld(kind, { start: '2026-06-05T02:00:00Z' });
    expect(() => w.volc.revise({ project: 'pa', date: '2026-05-31', amount: '1' })).toThrow(
      /the bill of 2026-05 is final since 2026-06-05T02:00:00.000Z/,
    );
    w.volc.revise({ project: 'pa', date: '2026-06-01', amount: '1' });
  });
});
