import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { QUOTA_EXHAUSTED_REASON } from '../../src/domain/quota.js';
import { updateAccessKey } from '../../src/volc/actions/accessKeys.js';
import { VolcClient } from '../../src/volc/client.js';
import { dbKinds } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/volcFaultProxy.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from './support.js';

const START = '2026-05-10T04:00:00Z';
const titles = (w: WatchWorld, filter: { chatId?: string; openId?: string } = { chatId: ALERT_CHAT }) =>
  w.feishu
    .messages(filter)
    .map((m) => String((m.card as { header: { title: { content: string } } }).header.title.content));

function cloud(w: WatchWorld, user: string) {
  const u = w.volc.state().users.find((x) => x.userName === user)!;
  return { keys: u.accessKeys.map((k) => k.status), login: u.loginProfile?.loginAllowed };
}

describe.each(dbKinds())('repairs from Volcengine state on %s', (kind) => {
  let w: WatchWorld;
  let proxy: FaultProxy;
  afterEach(async () => {
    await w?.close();
    await proxy?.close();
  });

  async function world() {
    w = await openWatchWorld(kind, {
      start: START,
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'pa' }],
        users: [simUser('ua')],
        burns: [{ project: 'pa', user: 'ua', ratePerHour: '1', since: '2026-05-09T16:00:00Z' }],
      },
      settings: { earlyWarningHours: 0 },
    });
    w.feishu.seedUsers([{ openId: 'ou_owner_ua', name: 'Owner' }]);
    proxy = await startFaultProxy(w.volc.url);
    await withReader(w.deps.db, async (m) => {
      const a = (await w.deps.repos.accounts.findById(m, w.accountId))!;
      await w.deps.repos.accounts.updateIfVersion(
        m,
        a.id,
        a.version,
        { endpoint: proxy.url },
        w.deps.clock.now(),
      );
    });
    return w.addSub('ua', ['pa'], { quota: '10', countsFrom: '2026-05-10', owner: 'ou_owner_ua' });
  }

  it('a disable that fails midway is retried every cycle, reported after two failures, and completes from the cloud state', async () => {
    await world();
    proxy.failWhen((action) => action === 'UpdateLoginProfile');
    const r1 = await w.check();
    await w.deliver();
    expect(r1.summary.failures).toEqual([expect.objectContaining({ subAccount: 'ua', action: 'disable' })]);
    // The keys are off already, the login is not; the intent is recorded, no card yet (one failure).
    expect(cloud(w, 'ua')).toEqual({ keys: ['inactive', 'inactive'], login: true });
    expect((await w.sub('ua')).status).toBe('disabling');
    expect(titles(w)).toEqual([]);

    await w.advance(10 * 60_000);
    await w.check();
    await w.deliver();
    expect(titles(w)).toEqual(['禁用 ua 失败']);

    proxy.failWhen(null);
    await w.advance(10 * 60_000);
    const r3 = await w.check();
    await w.deliver();
    expect(r3.summary.disabled).toEqual(['ua']);
    expect(cloud(w, 'ua')).toEqual({ keys: ['inactive', 'inactive'], login: false });
    expect(titles(w)).toEqual(['禁用 ua 失败', 'ua 额度用完，已自动禁用']);
    // the owner hears about it privately too
    expect(titles(w, { openId: 'ou_owner_ua' })).toEqual(['禁用 ua 失败', 'ua 额度用完，已自动禁用']);

    // Re-enable: exactly the key AirGate turned off comes back (the other was inactive before).
    await w.allocate((await w.sub('ua')).id, '100');
    await w.advance(10 * 60_000);
    await w.check();
    expect(cloud(w, 'ua')).toEqual({ keys: ['active', 'inactive'], login: true });
  });

  it('a process that died after the disable but before its card: the next cycle posts the card once', async () => {
    const sub = await world();
    const killed = await w.check(); // disables
    const audit = await withReader(w.deps.db, (m) =>
      w.deps.repos.audit.list(m, { targetId: sub.id, action: 'subaccount.disable' }),
    );
    expect(audit).toHaveLength(1);
    // Simulate the kill: the alert, its notification and their card rows never committed, and the cycle
    // was left running (the next holder of the lock marks it abandoned and cards what it changed).
    await withReader(w.deps.db, async (m) => {
      await m.query("UPDATE watch_cycles SET outcome = 'running', finished_at = NULL WHERE id = ?", [
        killed.cycleId,
      ]);
      const [notice] = await w.deps.repos.notifications.listBySubject(
        m,
        { type: 'sub_account', id: sub.id },
        { kind: 'watch.disabled' },
      );
      expect(notice?.outbox.length).toBeGreaterThan(0);
      for (const uuid of notice!.outbox) await m.query('DELETE FROM feishu_outbox WHERE uuid = ?', [uuid]);
      await m.query('DELETE FROM notifications WHERE id = ?', [notice!.id]);
      await m.query("DELETE FROM alerts WHERE type = 'disabled'");
    });
    await w.advance(10 * 60_000);
    await w.check();
    await w.advance(10 * 60_000);
    await w.check();
    await w.deliver();
    expect(titles(w).filter((t) => t.endsWith('已自动禁用'))).toEqual(['ua 额度用完，已自动禁用']);
  });

  it('a key switched back on by hand while disabled is switched off again', async () => {
    await world();
    await w.check();
    expect(cloud(w, 'ua').keys).toEqual(['inactive', 'inactive']);
    const keyId = w.volc.state().users.find((x) => x.userName === 'ua')!.accessKeys[0]!.accessKeyId;
    const direct = new VolcClient({ credentials: w.volc.credentials, endpoint: w.volc.url });
    await updateAccessKey(direct, { UserName: 'ua', AccessKeyId: keyId, Status: 'active' });
    await w.advance(10 * 60_000);
    await w.check();
    await w.deliver();
    expect(cloud(w, 'ua').keys).toEqual(['inactive', 'inactive']);
    expect(titles(w)).toEqual(['ua 额度用完，已自动禁用', 'ua 额度用完，已自动禁用']);
    const sub = await w.sub('ua');
    expect(sub.disabledReason).toBe(QUOTA_EXHAUSTED_REASON);
    // the record still names the key, so an allocation restores it
    expect(sub.disabledKeys).toEqual([keyId]);
  });
});
