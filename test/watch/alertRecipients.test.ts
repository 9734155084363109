import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from './support.js';

const HOUR = 3_600_000;
const ADMINS = ['ou_watch_admin', 'ou_watch_admin2'];

const titles = (w: WatchWorld, openId: string) =>
  w.feishu
    .messages({ openId })
    .map(
      (m) => (m.card as { header?: { title?: { content?: string } } } | undefined)?.header?.title?.content,
    );

async function alertsOf(w: WatchWorld, type: string) {
  return withReader(w.deps.db, (m) => w.deps.repos.alerts.list(m, { type, limit: 50 }));
}

/** A synced sub-account (no owner) that runs over its quota, with no alert chat set. */
async function overQuotaWithoutRecipients(w: WatchWorld) {
  await w.addSub('alice', ['proj-a'], { quota: '5' });
  await w.advance(3 * HOUR);
  await w.check();
  await w.deliver();
  await w.check(); // settles the alerts' delivery from the outbox
}

describe.each(dbKinds())('critical alerts with no alert chat and no owner on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  const seed = {
    billLagMinutes: 0,
    projects: [{ projectName: 'proj-a' }],
    users: [simUser('alice')],
    burns: [{ project: 'proj-a', user: 'alice', ratePerHour: '10', since: '2026-05-10T00:00:00Z' }],
  };

  it('sends the disable card to every admin by direct message, and counts it delivered', async () => {
    w = await openWatchWorld(kind, { seed, settings: { alertChatId: null } });
    w.feishu.seedUsers([{ openId: ADMINS[1]!, name: 'Admin 2' }]);
    await inTransaction(w.deps.db, async (tx) => {
      for (const [i, openId] of ADMINS.entries())
        await w.deps.repos.members.insert(tx, { openId, name: `A${i}`, roles: ['admin'] }, new Date());
      await w.deps.repos.members.insert(
        tx,
        { openId: 'ou_viewer', name: 'V', roles: ['viewer'] },
        new Date(),
      );
    });
    await overQuotaWithoutRecipients(w);
    expect((await w.sub('alice')).status).toBe('disabled');
    for (const admin of ADMINS) expect(titles(w, admin)).toEqual(['alice 额度用完，已自动禁用']);
    const [disabled] = await alertsOf(w, 'disabled');
    expect(disabled?.deliveryState).toBe('sent');
  });

  it('never marks a card that reached no one as delivered', async () => {
    w = await openWatchWorld(kind, { seed, settings: { alertChatId: null } });
    await overQuotaWithoutRecipients(w);
    expect((await w.sub('alice')).status).toBe('disabled');
    const [disabled] = await alertsOf(w, 'disabled');
    expect(disabled?.deliveryState).toBe('failed');
  });
});
