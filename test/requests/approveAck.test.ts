import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { dbKinds } from '../support/databases.js';
import {
  botMessages,
  callbackValues,
  cardText,
  clickApprove,
  say,
  settled,
  waitFor,
} from '../bot/support/chat.js';
import {
  givenSettings,
  givenSubAccount,
  people,
  startWorld,
  teamChat,
  type World,
} from '../bot/support/world.js';

async function allocations(w: World, sub: SubAccountDto) {
  const chain = await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));
  return chain.filter((e) => e.quotaRequestId !== null).map((e) => e.amount.toFixed(2));
}

/** The lead asks in their DM; returns the approvers' copy of the card in the team chat. */
async function apply(w: World, text: string) {
  const before = botMessages(w, { chatId: teamChat }).length;
  const reply = await say(w, 'lead', text);
  const posted = await waitFor('the card in the approvers’ chat', () => {
    const cards = botMessages(w, { chatId: teamChat });
    return cards.length > before ? cards.at(-1) : undefined;
  });
  return { reply, posted };
}

/** What the approvers' copy shows once it no longer offers Approve. */
async function decidedCard(w: World, messageId: string) {
  const msg = await waitFor('the card redrawn', () => {
    const m = w.feishu.message(messageId)!;
    return callbackValues(m.card).some((v) => v.a === 'request.approve') ? undefined : m;
  });
  return cardText(msg.card);
}

/**
 * `name` asks for ¥20 and Ann approves it while the ledger table is unreachable (a database fault after the
 * click was answered): the click is answered, the decision fails and Ann is told it is being retried.
 * `restore` brings the table back (once, whatever calls it).
 */
async function approveWithLedgerAway(w: World, name: string) {
  const sub = await givenSubAccount(w, { userName: name, owner: 'lead', quota: '10' });
  const { posted } = await apply(w, `申请 ${name} 20 fail`);
  await settled(w);
  await w.deps.db.query('ALTER TABLE ledger_entries RENAME TO ledger_entries_away');
  let away = true;
  const restore = async () => {
    if (away) await w.deps.db.query('ALTER TABLE ledger_entries_away RENAME TO ledger_entries');
    away = false;
  };
  try {
    const res = await clickApprove(w, 'approver', posted, '20');
    expect(res.toast?.content).toContain('正在批准 ¥20.00');
    const told = await waitFor('the approver told of the retry', () =>
      botMessages(w, { dmOf: 'approver' }).find((m) => (m.text ?? '').includes(name)),
    );
    return { sub, posted, told, restore };
  } catch (err) {
    await restore();
    throw err;
  }
}

describe.each(dbKinds())('Approve answers at once, the card follows (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
    await givenSettings(w, { alertChatId: teamChat });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers "approving ¥300" at once; then the card shows the amount, who and the new quota, and the requester is told', async () => {
    const sub = await givenSubAccount(w, { userName: 'ack-a', owner: 'lead', quota: '100' });
    const { posted } = await apply(w, '申请 ack-a 500 训练');
    const res = await clickApprove(w, 'approver', posted, '300');
    expect(res.error).toBeUndefined();
    expect(res.toast?.content).toContain('正在批准 ¥300.00');
    expect(res.cardUpdated).toBe(false);

    const text = await decidedCard(w, posted.messageId);
    expect(text).toContain('Ann Approver');
    expect(text).toContain('¥400.00'); // the new quota
    expect(await allocations(w, sub)).toEqual(['300.00']);
    const dm = await waitFor('the outcome DM', () =>
      botMessages(w, { dmOf: 'lead' }).find((m) => cardText(m.card).includes('你的额度申请已批准')),
    );
    expect(cardText(dm.card)).toContain('¥400.00');
    // Redrawn once, by the click's own delayed update (no second patch of the same copy).
    await settled(w);
    expect(w.feishu.message(posted.messageId)!.updates.map((u) => u.via)).toEqual(['delayed']);
  });

  it('refuses a typed amount it cannot take at the click, before any work is stored; a good one is allocated exactly', async () => {
    const sub = await givenSubAccount(w, { userName: 'ack-exact', owner: 'lead', quota: '100' });
    const { posted } = await apply(w, '申请 ack-exact 50 精确');
    const bad = await clickApprove(w, 'approver', posted, '12.345');
    expect(bad.toast?.type).toBe('error');
    expect(bad.toast?.content).toContain('最多两位小数');
    await settled(w);
    expect(await allocations(w, sub)).toEqual([]);
    const ok = await clickApprove(w, 'approver', posted, '12.34');
    expect(ok.toast?.content).toContain('正在批准 ¥12.34');
    await settled(w);
    const chain = await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));
    expect(chain.filter((e) => e.quotaRequestId !== null).map((e) => e.amount.toString())).toEqual(['12.34']);
  });

  it('allocates once for 20 simultaneous clicks of two approvers; every other click is told at once who approves', async () => {
    const sub = await givenSubAccount(w, { userName: 'ack-race', owner: 'lead', quota: '100' });
    const { posted } = await apply(w, 'apply ack-race 250 burst');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => clickApprove(w, i % 2 ? 'approver2' : 'approver', posted, '250')),
    );
    expect(results.filter((r) => r.error)).toEqual([]);
    const winners = results.filter((r) => (r.toast?.content ?? '').includes('正在批准 ¥250.00'));
    expect(winners).toHaveLength(1);

    const text = await decidedCard(w, posted.messageId);
    const decider = [people.approver.name, people.approver2.name].find((n) => text.includes(n))!;
    expect(decider).toBeDefined();
    for (const r of results.filter((x) => !winners.includes(x))) {
      // Told who is approving (while the decision runs), who decided (after), or that their own
      // approval is under way (the winner clicking again).
      const said = r.toast?.content ?? '';
      expect(said.includes(decider) || said.includes('你的批准（¥250.00）正在处理')).toBe(true);
    }
    await settled(w);
    expect(await allocations(w, sub)).toEqual(['250.00']);
  });

  it.runIf(kind === 'mysql')(
    'tells the second approver at once who is approving while the decision waits for the request row',
    async () => {
      const sub = await givenSubAccount(w, { userName: 'ack-held', owner: 'lead', quota: '10' });
      const { posted } = await apply(w, '申请 ack-held 25 held');
      const [request] = await withReader(w.deps.db, (m) =>
        w.deps.repos.quotaRequests.list(m, { subAccountId: sub.id, limit: 5 }),
      );
      // Another writer holds the request row (as a slow decision would): neither click may wait for it.
      const holder = w.deps.db.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      try {
        await holder.query('SELECT id FROM quota_requests WHERE id = ? FOR UPDATE', [request!.id]);
        const first = await clickApprove(w, 'approver', posted, '25');
        expect(first.toast?.content).toContain('正在批准 ¥25.00');
        const second = await clickApprove(w, 'approver2', posted, '25');
        expect(second.toast?.content).toContain('Ann Approver 正在批准这项申请（¥25.00）');
        const again = await clickApprove(w, 'approver', posted, '25');
        expect(again.toast?.content).toContain('你的批准（¥25.00）正在处理');
        expect(await allocations(w, sub)).toEqual([]);
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
      const text = await decidedCard(w, posted.messageId);
      expect(text).toContain('Ann Approver');
      await settled(w);
      expect(await allocations(w, sub)).toEqual(['25.00']);
    },
  );

  it('still redraws the card when Feishu refuses the delayed update: the copy is patched', async () => {
    const sub = await givenSubAccount(w, { userName: 'ack-token', owner: 'lead', quota: '10' });
    const { posted } = await apply(w, '申请 ack-token 40 token');
    w.feishu.setFaults({ failingPaths: ['/open-apis/interactive/v1/card/update'] });
    try {
      const res = await clickApprove(w, 'approver', posted, '40');
      expect(res.toast?.content).toContain('正在批准 ¥40.00');
      const text = await decidedCard(w, posted.messageId);
      expect(text).toContain('Ann Approver');
      expect(text).toContain('¥50.00');
    } finally {
      w.feishu.setFaults({ failingPaths: [] });
    }
    expect(await allocations(w, sub)).toEqual(['40.00']);
  });

  it('tells the approver when the approval fails after the answer, and the retry allocates once and redraws the card', async () => {
    const { sub, posted, told, restore } = await approveWithLedgerAway(w, 'ack-fail');
    try {
      expect(told.text).toContain('正在自动重试');
      expect(callbackValues(w.feishu.message(posted.messageId)!.card).map((v) => v.a)).toContain(
        'request.approve',
      );
      await restore();
      // The inbox's sweep takes the decision up again (Feishu's token is gone: the copy is patched).
      w.feishu.advance(60_000);
      await w.deps.feishu!.processor.sweep();
      const text = await decidedCard(w, posted.messageId);
      expect(text).toContain('Ann Approver');
      expect(text).toContain('¥30.00');
    } finally {
      await restore();
    }
    await settled(w);
    expect(await allocations(w, sub)).toEqual(['20.00']);
  });

  it('tells the approver when the retries are used up and the request is still pending', async () => {
    const { sub, posted, restore } = await approveWithLedgerAway(w, 'ack-gone');
    try {
      // The ledger stays unreachable through every retry of the inbox's sweep.
      for (let i = 0; i < 6; i++) {
        w.feishu.advance(60_000);
        await w.deps.feishu!.processor.sweep();
        await w.deps.feishu!.processor.idle();
      }
    } finally {
      await restore();
    }
    const told = await waitFor('the approver told it was given up', () =>
      botMessages(w, { dmOf: 'approver' }).find((m) => (m.text ?? '').includes('已停止重试')),
    );
    expect(told.text).toContain('ack-gone ¥20.00');
    expect(told.text).toContain('申请仍待审批');
    expect(
      botMessages(w, { dmOf: 'approver' }).filter((m) => (m.text ?? '').includes('已停止重试')),
    ).toHaveLength(1);
    expect(await allocations(w, sub)).toEqual([]);
    expect(callbackValues(w.feishu.message(posted.messageId)!.card).map((v) => v.a)).toContain(
      'request.approve',
    );
  });
});
