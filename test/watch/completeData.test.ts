import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { addAccount } from '../../src/services/accounts/addAccount.js';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';
import { dbKinds } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/volcFaultProxy.js';
import { admin, openWatchWorld, simUser, type WatchWorld } from './support.js';

const START = '2026-05-10T04:00:00Z';
const seedFor = (user: string, project: string) => ({
  billLagMinutes: 60,
  projects: [{ projectName: project }, { projectName: `${project}-b` }],
  users: [simUser(user)],
  burns: [
    { project, user, ratePerHour: '10', since: '2026-05-07T16:00:00Z' },
    { project: `${project}-b`, user, ratePerHour: '1', since: '2026-05-07T16:00:00Z' },
  ],
});

describe.each(dbKinds())('complete data only (D1) on %s', (kind) => {
  let w: WatchWorld;
  let other: VolcSim;
  let proxy: FaultProxy;
  afterEach(async () => {
    await w?.close();
    await other?.close();
    await proxy?.close();
  });

  it('a failed bill page means a sync-error card and no disable for that account, while the other account is enforced', async () => {
    w = await openWatchWorld(kind, {
      start: START,
      seed: seedFor('alice', 'proj-a'),
      config: { encryptionKey: randomBytes(32) },
    });
    other = await startVolcSim({
      seed: seedFor('bob', 'proj-b'),
      rngSeed: 9,
      clock: { mode: 'virtual', start: new Date(START) },
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
    const second = await addAccount(w.deps, {
      actor: admin,
      name: 'second',
      ...other.credentials,
      endpoint: other.url,
    });
    await w.addSub('alice', ['proj-a', 'proj-a-b'], { quota: '100' });
    await w.addSub('bob', ['proj-b', 'proj-b-b'], { quota: '100', accountId: second.id });

    // Pages of 2 rows; the page at Offset 2 of the first account's bill fails every time.
    proxy.failWhen((action, body) => action === 'ListSplitBillDetail' && body['Offset'] === 2);
    const tuning = { pageSize: 2 };
    const r1 = await w.check({ tuning });
    await w.deliver();
    const [a1, b1] = [
      r1.summary.accounts.find((a) => a.accountId === w.accountId)!,
      r1.summary.accounts.find((a) => a.name === 'second')!,
    ];
    expect(a1.complete).toBe(false);
    expect(a1.error).toContain('InternalError');
    expect(b1.complete).toBe(true);
    expect((await w.sub('alice')).status).toBe('active');
    expect((await w.sub('bob')).status).toBe('disabled');
    expect(w.chatCards()).toEqual(['账单数据不完整 · default', 'bob 额度用完，已自动禁用']);
    // nothing from the partial bill was recorded
    expect((await w.sub('alice')).alertedStep).toBeNull();

    // Two more failing cycles: only the third (escalation) raises a second sync-error card.
    for (let i = 0; i < 2; i++) {
      await w.advance(10 * 60_000);
      other.advance(10 * 60_000);
      await w.check({ tuning });
      await w.deliver();
    }
    expect(w.chatCards().filter((t) => t.startsWith('账单数据不完整'))).toHaveLength(2);
    expect((await w.sub('alice')).status).toBe('active');

    // The bill comes back whole: the next cycle decides from it.
    proxy.failWhen(null);
    await w.advance(10 * 60_000);
    other.advance(10 * 60_000);
    const r4 = await w.check({ tuning });
    await w.deliver();
    expect(r4.summary.accounts.every((a) => a.complete)).toBe(true);
    expect((await w.sub('alice')).status).toBe('disabled');
    expect(w.chatCards().at(-1)).toBe('alice 额度用完，已自动禁用');
  });

  it('odd bill rows (a refund dated last month, a fee with no project, short pages) do not stop enforcement', async () => {
    w = await openWatchWorld(kind, { start: START, seed: seedFor('alice', 'proj-a') });
    w.volc.settings({ oddBillRows: true });
    await w.addSub('alice', ['proj-a', 'proj-a-b'], { quota: '100', countsFrom: '2026-05-01' });
    const r = await w.check({ tuning: { pageSize: 2 } });
    await w.deliver();
    const a = r.summary.accounts[0]!;
    expect(a.error).toBeNull();
    expect(a.complete).toBe(true);
    // The odd rows are in the per-day reads of the open days (May 8–10: a short page, every row parsed) and in
    // the period totals (GroupPeriod 0): the ¥0.50 support fee names no project and is reported once, not once
    // per read; the ¥1.00 refund dated April 30 belongs to May's bill and lowers proj-a's May spending.
    expect(a.unattributed).toBe('0.5');
    const sub = await w.sub('alice');
    expect(sub.status).toBe('disabled');
    const spent = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
    // 10/h + 1/h from 2026-05-08 00:00 Shanghai to 11:00 on May 10 (bill lag 1 h): 59 h; proj-a less its refund.
    expect(Object.fromEntries(spent.map((p) => [p.projectName, p.spent.toFixed(2)]))).toEqual({
      'proj-a': '589.00',
      'proj-a-b': '59.00',
    });
    expect(w.chatCards()).toEqual(['alice 额度用完，已自动禁用']);
  });
});
