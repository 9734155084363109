import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from './support.js';

const MIN = 60_000;
const START = '2026-05-10T04:00:00Z';

describe.each(dbKinds())('alerts across a Feishu outage on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('keeps enforcing while Feishu is down for 10 minutes; afterwards every card arrives, in order, once', async () => {
    const since = '2026-05-09T16:00:00Z'; // Shanghai midnight: 12 hours of history at START
    w = await openWatchWorld(kind, {
      start: START,
      seed: {
        billLagMinutes: 0,
        projects: ['pa', 'pb', 'pc'].map((projectName) => ({ projectName })),
        users: ['ua', 'ub', 'uc'].map(simUser),
        burns: [
          { project: 'pa', user: 'ua', ratePerHour: '1', since },
          { project: 'pb', user: 'ub', ratePerHour: '1', since },
          { project: 'pc', user: 'uc', ratePerHour: '1', since },
        ],
      },
      settings: { earlyWarningHours: 0 },
    });
    await w.addSub('ua', ['pa'], { quota: '20', countsFrom: '2026-05-10' }); // 12/20 = 60 %
    await w.addSub('ub', ['pb'], { quota: '14', countsFrom: '2026-05-10' }); // 12/14 = 86 %
    await w.addSub('uc', ['pc'], { quota: '10', countsFrom: '2026-05-10' }); // 120 %

    w.feishu.setFaults({ outageUntil: new Date(w.feishu.now() + 10 * MIN) });
    await w.check();
    await w.deliver();
    w.volc.revise({ project: 'pa', date: '2026-05-10', amount: '19' }); // a late revision: 95 %
    for (let t = 2; t <= 8; t += 2) {
      await w.advance(2 * MIN);
      await w.check();
      await w.deliver();
    }
    // Feishu is still down: nothing arrived, but enforcement did not wait for it.
    expect(w.feishu.messages({ chatId: ALERT_CHAT })).toHaveLength(0);
    expect((await w.sub('uc')).status).toBe('disabled');

    await w.advance(3 * MIN);
    for (let i = 0; i < 10; i++) {
      await w.advance(MIN);
      await w.deliver();
    }
    const cards = w.feishu.messages({ chatId: ALERT_CHAT });
    const outbox = (await withReader(w.deps.db, (m) =>
      m.query('SELECT uuid, status FROM feishu_outbox ORDER BY id'),
    )) as Array<{ uuid: string; status: string }>;
    expect(outbox.map((r) => r.status)).toEqual(outbox.map(() => 'sent'));
    expect(cards.map((c) => c.uuid)).toEqual(outbox.map((r) => r.uuid));
    expect(
      cards.map((c) => String((c.card as { header: { title: { content: string } } }).header.title.content)),
    ).toEqual([
      'ua 已用到额度的 50%',
      'ub 已用到额度的 80%',
      'uc 额度用完，已自动禁用',
      'ua 已用到额度的 90%',
    ]);
  });
});
