import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { UrgentCall } from '../../src/db/entities/urgentCall.js';
import { runUrgentCalls } from '../../src/feishu/urgent/urgentAlerts.js';
import { DOCUMENTED_SCOPES } from '../../src/sim/feishu/scopes.js';
import { dbKinds } from '../support/databases.js';
import { givenMember } from '../support/factories.js';
import { ALERT_CHAT, openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

const OWNER = 'ou_owner_ua';
const ADMIN = 'ou_watch_admin';
const OUTSIDER = 'ou_admin_outside_chat';

type Buzz = { messageId: string; kind: string; openIds: string[] };

describe.each(dbKinds())('urgent alerts (%s)', (kind) => {
  let w: WatchWorld;
  afterEach(async () => {
    await w?.close();
  });

  /** A sub-account that runs out of quota at the first check; its owner and an admin are in the alert chat. */
  async function world(opts: { urgent?: string; scopes?: string[] } = {}) {
    w = await openWatchWorld(kind, {
      start: '2026-05-10T00:00:00Z',
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'pa' }],
        users: [simUser('ua')],
        burns: [{ project: 'pa', user: 'ua', ratePerHour: '1', since: '2026-05-09T16:00:00Z' }],
      },
      settings: {
        earlyWarningHours: 0,
        ...(opts.urgent ? { urgentAlerts: opts.urgent } : {}),
      },
    });
    w.feishu.seedUsers([
      { openId: OWNER, name: 'Owner' },
      { openId: OUTSIDER, name: 'Outsider' },
    ]);
    w.feishu.seedChat({ chatId: ALERT_CHAT, name: 'AirGate alerts', type: 'group', members: [ADMIN, OWNER] });
    w.feishu.setScopes(opts.scopes ?? [...DOCUMENTED_SCOPES, 'im:message.urgent']);
    await givenMember(w.deps, { openId: ADMIN, name: 'Admin', roles: ['admin'] });
    await givenMember(w.deps, { openId: OUTSIDER, name: 'Outsider', roles: ['admin'] });
    await w.addSub('ua', ['pa'], { quota: '3', countsFrom: '2026-05-10', owner: OWNER });
    await w.advance(6 * 3600_000);
    await w.check();
  }
  const buzzes = async () => (await (await fetch(`${w.feishu.url}/__sim/urgent`)).json()) as Buzz[];
  const calls = () => withReader(w.deps.db, (m) => m.getRepository(UrgentCall).find());
  const disableCards = () =>
    w.feishu.messages().filter((m) => JSON.stringify(m.card ?? {}).includes('已自动禁用'));

  it('buzzes the delivered disable card: in the chat to the owner and admins, privately to the owner', async () => {
    await world({ urgent: 'urgent_app' });
    await w.deliver();
    const cards = disableCards();
    expect(cards).toHaveLength(2);
    const inChat = cards.find((c) => c.chatId === ALERT_CHAT)!;
    const dm = cards.find((c) => c.chatId !== ALERT_CHAT)!;
    const b = await buzzes();
    expect(b.find((x) => x.messageId === inChat.messageId)).toMatchObject({
      kind: 'app',
      openIds: [OWNER, ADMIN],
    });
    expect(b.find((x) => x.messageId === dm.messageId)).toMatchObject({ kind: 'app', openIds: [OWNER] });
    const rows = await calls();
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    // An admin who is not in the alert chat is named invalid by Feishu, and noted.
    expect(rows.find((r) => r.messageId === inChat.messageId)?.invalidOpenIds).toEqual([OUTSIDER]);
  });

  it('makes no urgent call when the setting is off (the default)', async () => {
    await world();
    await w.deliver();
    expect(disableCards()).toHaveLength(2);
    expect(await buzzes()).toEqual([]);
    expect(await calls()).toEqual([]);
  });

  it('reports a call Feishu refuses (no scope) in the alert chat instead of dropping it', async () => {
    await world({ urgent: 'urgent_phone' });
    await w.deliver();
    await w.deliver();
    expect(await buzzes()).toEqual([]);
    const rows = await calls();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows[0]!.lastError).toMatch(/99991672/);
    expect(w.chatCards().filter((t) => t === '加急提醒未送达').length).toBeGreaterThanOrEqual(1);
  });

  it('retries a call that failed for a passing reason (Feishu 5xx) until it goes through', async () => {
    await world({ urgent: 'urgent_app' });
    await w.deliver();
    // Both calls made already; add a new disable card's call under an outage by re-running the flow:
    // take the existing call back to pending and let the retry pass meet a 503, then a healthy Feishu.
    await withReader(w.deps.db, (m) =>
      m
        .getRepository(UrgentCall)
        .update({ status: 'done' }, { status: 'pending', attempts: 0, nextAttemptAt: w.deps.clock.now() }),
    );
    const before = (await buzzes()).length;
    w.feishu.setFaults({ outageUntil: new Date(w.feishu.now() + 60_000), outageKind: '503' });
    await runUrgentCalls(w.deps);
    let rows = await calls();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(rows[0]!.lastError).toMatch(/503/);
    await w.advance(2 * 60_000);
    w.feishu.setFaults({ outageUntil: null });
    await runUrgentCalls(w.deps);
    rows = await calls();
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect((await buzzes()).length).toBe(before + 2);
  });
});
