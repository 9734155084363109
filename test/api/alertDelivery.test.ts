import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { presentAlert } from '../../src/api/alerts/present.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

const HOUR = 3_600_000;

/**
 * Issue 16, item 5: the alert history and the API said "pending" for up to a whole check interval after
 * the card had arrived. The relay settles the alert the moment its card is delivered.
 */
describe.each(dbKinds())('an alert is delivered when its card is (%s)', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('right after the relay sent the card, the alert reads delivered (no further check)', async () => {
    w = await openWatchWorld(kind, {
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'proj-a' }],
        users: [simUser('alice')],
        burns: [{ project: 'proj-a', user: 'alice', ratePerHour: '10', since: '2026-05-10T00:00:00Z' }],
      },
    });
    await w.addSub('alice', ['proj-a'], { quota: '5' });
    await w.advance(3 * HOUR);
    await w.check();
    const before = await withReader(w.deps.db, (m) => w.deps.repos.alerts.list(m, { limit: 50 }));
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((a) => a.deliveryState === 'pending')).toBe(true);
    expect(await w.deliver()).toBeGreaterThan(0);
    expect(w.chatCards().length).toBeGreaterThan(0);
    const after = await withReader(w.deps.db, (m) => w.deps.repos.alerts.list(m, { limit: 50 }));
    for (const a of after) {
      expect(a.deliveryState, a.type).toBe('sent');
      expect(presentAlert(a, { subaccount: 'alice', account: null }).delivery).toBe('sent');
      expect(presentAlert(a, { subaccount: 'alice', account: null }).deliveredAt).not.toBeNull();
    }
  });
});
