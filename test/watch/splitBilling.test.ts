import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from './support.js';

const seed = {
  billLagMinutes: 60,
  projects: [{ projectName: 'proj-a' }],
  users: [simUser('alice')],
  burns: [{ project: 'proj-a', user: 'alice', ratePerHour: '2', since: '2026-05-01T00:00:00+08:00' }],
};

describe.each(dbKinds())('split billing switched off on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('raises a critical alert instead of reading 0 %, and enforces once split billing is on', async () => {
    w = await openWatchWorld(kind, { start: '2026-05-10T04:00:00Z', seed });
    w.volc.settings({ splitBillingSince: null });
    await w.addSub('alice', ['proj-a'], { quota: '100', countsFrom: '2026-05-01' });

    const r1 = await w.check();
    await w.deliver();
    const a1 = r1.summary.accounts[0]!;
    expect(a1.complete).toBe(false);
    expect(a1.error).toMatch(
      /split billing looks switched off: .* ListBillDetail has \d+ \(from 2026-05-01\)/,
    );
    expect(w.chatCards()).toEqual(['账单数据不完整 · default']);
    const [alert] = await withReader(w.deps.db, (m) =>
      w.deps.repos.alerts.list(m, { type: 'sync_error', limit: 5 }),
    );
    expect(alert?.level).toBe('critical');
    // No 0 % was recorded as if nothing had been spent.
    const sub = await w.sub('alice');
    expect(sub.status).toBe('active');
    const projects = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
    expect(projects[0]!.spentUpdatedAt).toBeNull();

    // Switched on from May 3: only bills from then on are split (May 3 00:00 to May 10 11:00: 179 h × 2).
    w.volc.settings({ splitBillingSince: '2026-05-03T00:00:00+08:00' });
    await w.advance(10 * 60_000);
    const r2 = await w.check();
    expect(r2.summary.accounts[0]!.complete).toBe(true);
    const after = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
    expect(after[0]!.spent.toFixed(2)).toBe('358.00');
    expect((await w.sub('alice')).status).toBe('disabled');
  });
});
