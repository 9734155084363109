import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from './support.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

function cloud(w: WatchWorld, userName: string) {
  const u = w.volc.state().users.find((x) => x.userName === userName)!;
  return { keys: u.accessKeys.map((k) => k.status), login: u.loginProfile?.loginAllowed };
}

describe.each(dbKinds())('spending watch on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('alerts at 50/80/90 % (and warns early), disables within one interval of the bill showing 100 %, and re-enables once after an allocation', async () => {
    w = await openWatchWorld(kind, {
      seed: {
        billLagMinutes: 60,
        projects: [{ projectName: 'proj-a' }, { projectName: 'proj-other' }],
        users: [simUser('alice')],
        burns: [
          { project: 'proj-a', user: 'alice', ratePerHour: '10' },
          { project: 'proj-other', ratePerHour: '99' },
        ],
      },
    });
    await w.addSub('alice', ['proj-a'], { quota: '100' });
    const seenAt: Record<string, number> = {};
    let billShowed100At: number | null = null;
    for (let t = 0; t <= 13 * HOUR; t += 10 * MIN) {
      if (t > 0) await w.advance(10 * MIN);
      const r = await w.check();
      expect(r.summary.accounts[0]!.complete).toBe(true);
      await w.deliver();
      const sub = await w.sub('alice');
      if (billShowed100At === null && sub.alertedStep === 100) billShowed100At = t;
      for (const title of w.chatCards()) seenAt[title] ??= t;
    }
    const cards = w.chatCards();
    expect(cards).toEqual([
      'alice 已用到额度的 50%',
      // 50 left at 10/h: empty within the 6 h early-warning horizon
      'alice 预计很快用完额度',
      'alice 已用到额度的 80%',
      'alice 已用到额度的 90%',
      'alice 额度用完，已自动禁用',
    ]);
    // 10/h from 00:00 with a 60-minute lag: the bill shows 100 at 11:00, the check at 11:00 disables.
    expect(seenAt['alice 额度用完，已自动禁用']).toBe(11 * HOUR);
    const sub = await w.sub('alice');
    expect(sub.status).toBe('disabled');
    expect(cloud(w, 'alice')).toEqual({ keys: ['inactive', 'inactive'], login: false });

    await w.allocate(sub.id, '100');
    await w.advance(10 * MIN);
    const r = await w.check();
    expect(r.summary.enabled).toEqual(['alice']);
    await w.deliver();
    expect(cloud(w, 'alice')).toEqual({ keys: ['active', 'inactive'], login: true });
    expect(w.chatCards().slice(5)).toEqual(['alice 已恢复']);
    const red = JSON.stringify(w.feishu.messages({ chatId: 'oc_watch_alerts' })[4]!.card);
    expect(red).toContain('proj-a'); // the per-project breakdown
    expect(red).toContain('最新账单数据'); // how fresh the data is
    expect(red).toContain('/小时'); // the 24 h burn rate

    // Later cycles do not enable again, and the audit log holds one disable and one enable by the watch.
    await w.advance(10 * MIN);
    expect((await w.check()).summary.enabled).toEqual([]);
    const audit = await withReader(w.deps.db, (m) =>
      w.deps.repos.audit.list(m, { targetId: sub.id, actor: 'system' }),
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['subaccount.disable', 'subaccount.enable']);
  });
});
