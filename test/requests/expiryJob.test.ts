import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/jobs/schedule.js';
import { botMessages, callbackValues, cardText, say, settled, waitFor } from '../bot/support/chat.js';
import { givenSettings, givenSubAccount, startWorld, teamChat, type World } from '../bot/support/world.js';
import { dbKinds } from '../support/databases.js';

const HOUR = 3_600_000;

describe.each(dbKinds())('quota request expiry as a scheduled job (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
  });
  afterAll(async () => {
    await w?.close();
  });

  /** Runs of the sweep job the scheduler finished (its log). */
  const sweepRuns = () => w.logs.filter((l) => /requestSweep\\?" exited with code 0/.test(l)).length;

  it('expires an overdue request from the scheduler: its card is patched once and the requester told once', async () => {
    await givenSettings(w, { requestExpiryHours: 1 });
    await givenSubAccount(w, { userName: 'job-late', owner: 'lead', quota: '10' });
    const reply = await say(w, 'lead', '申请 job-late 20 later');
    const posted = await waitFor('the card in the approvers’ chat', () =>
      botMessages(w, { chatId: teamChat }).find((m) => cardText(m.card).includes('job-late')),
    );
    await settled(w);

    // The scheduler as `serve` runs it, an hour and a minute later (only its clock moves), sweeping often;
    // the spending check stays out of the way.
    const later = { now: () => new Date(w.feishu.now() + HOUR + 60_000) };
    const scheduler = createScheduler(
      { ...w.deps, clock: later },
      { requestSweepMs: 50, tickMs: HOUR, firstTickMs: HOUR },
    );
    await scheduler.start();
    try {
      await waitFor('the card redrawn as expired', () =>
        cardText(w.feishu.message(posted.messageId)!.card).includes('已过期') ? true : undefined,
      );
      const runs = sweepRuns();
      await waitFor('three more sweeps', () => (sweepRuns() >= runs + 3 ? true : undefined));
    } finally {
      await scheduler.stop();
    }
    await settled(w);
    const card = w.feishu.message(posted.messageId)!;
    expect(card.updates).toHaveLength(1);
    expect(callbackValues(card.card)).toEqual([]);
    // The requester's own copy (the reply to their message) is patched once too, and one DM tells them.
    expect(w.feishu.message(reply.message.messageId)!.updates).toHaveLength(1);
    const told = botMessages(w, { dmOf: 'lead' }).filter(
      (m) => m.messageId !== reply.message.messageId && cardText(m.card).includes('job-late'),
    );
    expect(told).toHaveLength(1);
    expect(cardText(told[0]!.card)).toContain('过期');
    await givenSettings(w, { requestExpiryHours: 72 });
  });
});
