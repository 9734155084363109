import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction, withReader } from '../../../src/db/repos/transaction.js';
import { getUser, updateUser } from '../../../src/volc/actions/users.js';
import { VolcClient } from '../../../src/volc/client.js';
import { dbKinds } from '../../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../../support/volcFaultProxy.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from '../../watch/support.js';

const START = '2026-05-10T04:00:00Z';

describe.each(dbKinds())('the spending watch and a user renamed on Volcengine (%s)', (kind) => {
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
    const sub = await w.addSub('ua', ['pa'], { quota: '10', countsFrom: '2026-05-10' });
    const client = new VolcClient({ credentials: w.volc.credentials, endpoint: w.volc.url });
    const user = await getUser(client, { UserName: 'ua' });
    await inTransaction(w.deps.db, (tx) =>
      w.deps.repos.subAccounts.update(tx, sub.id, { volcUserId: String(user.Id) }, w.deps.clock.now()),
    );
    await updateUser(client, { UserName: 'ua', NewUserName: 'ua-new' });
    return sub;
  }

  const keysOf = (user: string) =>
    w.volc
      .state()
      .users.find((u) => u.userName === user)!
      .accessKeys.map((k) => k.status);

  it('disables the renamed user at 100 % and records its new name', async () => {
    const sub = await world();
    const r = await w.check();
    expect(r.summary.failures).toEqual([]);
    expect(r.summary.disabled).toHaveLength(1);
    expect(keysOf('ua-new')).toEqual(['inactive', 'inactive']);
    const now = await withReader(w.deps.db, (m) => w.deps.repos.subAccounts.findById(m, sub.id));
    expect(now).toMatchObject({ userName: 'ua-new', status: 'disabled' });
  });

  it('a failing lookup of the renamed user ends in a critical enforcement_failed card, never in silence', async () => {
    await world();
    proxy.failWhen((action) => action === 'ListUsers');
    await w.check();
    await w.advance(10 * 60_000);
    await w.check();
    await w.deliver();
    expect(keysOf('ua-new')).toContain('active');
    const alerts = await withReader(w.deps.db, (m) => w.deps.repos.alerts.list(m, {}));
    expect(alerts.filter((a) => a.type === 'enforcement_failed').map((a) => a.level)).toContain('critical');
    const cards = w.feishu
      .messages({ chatId: ALERT_CHAT })
      .map((m) => String((m.card as { header: { title: { content: string } } }).header.title.content));
    expect(cards).toEqual(['禁用 ua 失败']);
  });
});
