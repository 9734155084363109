import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { expireQuotaRequests } from '../../src/services/requests/expireQuotaRequests.js';
import { republishQuotaRequests } from '../../src/services/requests/publishDecision.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { money } from '../../src/domain/money.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { post, startProxy } from '../feishu/support/harness.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { dbKinds } from '../support/databases.js';
import {
  botMessages,
  callbackValues,
  cardText,
  click,
  say,
  settled,
  valueOf,
  waitFor,
} from './support/chat.js';
import {
  givenSettings,
  givenSubAccount,
  people,
  setLocale,
  startWorld,
  teamChat,
  type World,
} from './support/world.js';

const form = (amount: string, note = '') => ({ formValue: { approve_amount: amount, approve_note: note } });

async function ledger(w: World, sub: SubAccountDto) {
  return withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));
}

async function requests(w: World, sub: SubAccountDto) {
  return withReader(w.deps.db, (m) =>
    w.deps.repos.quotaRequests.list(m, { subAccountId: sub.id, limit: 50 }),
  );
}

/** The lead asks in their DM; returns the approvers' copy of the card in the team chat. */
async function apply(w: World, sub: SubAccountDto, text: string) {
  const before = botMessages(w, { chatId: teamChat }).length;
  const reply = await say(w, 'lead', text);
  const posted = await waitFor('the card in the approvers’ chat', () => {
    const cards = botMessages(w, { chatId: teamChat });
    return cards.length > before ? cards.at(-1) : undefined;
  });
  const [request] = await requests(w, sub);
  return { reply, posted, request: request! };
}

describe.each(dbKinds())('the approval card (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('goes from a lead’s request to the approvers’ chat, and an approval with a changed amount allocates once and redraws the card', async () => {
    const sub = await givenSubAccount(w, {
      userName: 'appr-a',
      owner: 'lead',
      projects: { p1: '80' },
      quota: '100',
    });
    const { reply, posted, request } = await apply(w, sub, '申请 appr-a 500 训练任务需要');
    expect(reply.text).toContain('额度申请 · appr-a · ¥500.00');
    expect(cardText(posted.card)).toContain('训练任务需要');
    expect(cardText(posted.card)).toContain('Leo Lead');

    const approve = valueOf(posted.card, 'request.approve');
    const res = await click(w, 'approver', posted.messageId, approve, form('300', '先给 300'));
    expect(res.error).toBeUndefined();
    // The click is answered at once; the decision and the card follow it.
    expect(res.toast?.content).toContain('正在批准 ¥300.00');
    await settled(w);

    const entries = await ledger(w, sub);
    expect(entries.map((e) => e.amount.toFixed(2))).toEqual(['100.00', '300.00']);
    expect(entries[1]!.quotaRequestId).toBe(request.id);

    const card = w.feishu.message(posted.messageId)!;
    const text = cardText(card.card);
    expect(text).toContain('Ann Approver');
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\+8\)/);
    expect(text).toContain('¥400.00'); // the new quota
    expect(text).toContain('先给 300');
    expect(callbackValues(card.card)).toEqual([]); // no buttons left

    // The requester hears the outcome privately; their own copy is updated too.
    const dm = await waitFor('the outcome DM', () =>
      botMessages(w, { dmOf: 'lead' }).find((m) => cardText(m.card).includes('你的额度申请已批准')),
    );
    expect(cardText(dm.card)).toContain('¥400.00');
    await waitFor('the requester’s copy patched', () =>
      w.feishu.message(reply.message.messageId)!.updates.length === 1 ? true : undefined,
    );
    expect(callbackValues(w.feishu.message(reply.message.messageId)!.card)).toEqual([]);
  });

  it('allocates exactly once for 50 simultaneous approve clicks from two approvers; the others are told who decided', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-race', owner: 'lead', quota: '100' });
    const { posted, request } = await apply(w, sub, 'apply appr-race 250 burst');
    const approve = valueOf(posted.card, 'request.approve');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        click(w, i % 2 ? 'approver2' : 'approver', posted.messageId, approve, form('250')),
      ),
    );
    // How long the answers took is not the subject (the world's simulator waits for them): what the
    // approvers were told, the ledger and the card are.
    expect(results.filter((r) => r.error)).toEqual([]);
    const winners = results.filter((r) => r.toast?.content?.includes('正在批准 ¥250.00'));
    expect(winners).toHaveLength(1);
    await settled(w);
    const entries = async () => (await ledger(w, sub)).filter((e) => e.quotaRequestId === request.id);
    expect(await entries()).toHaveLength(1);
    expect((await entries())[0]!.amount.toFixed(2)).toBe('250.00');

    const [decided] = await requests(w, sub);
    const decider =
      decided!.decidedBy === `feishu:${people.approver.openId}`
        ? people.approver.name
        : people.approver2.name;
    const losers = results.filter((r) => !winners.includes(r));
    expect(losers).toHaveLength(49);
    // told who decided, who is deciding, or (the winner's own second click) that theirs is in hand
    for (const r of losers) expect(r.toast?.content).toMatch(new RegExp(`${decider}|你的批准`));

    // What everyone ends up seeing: the card naming who decided, with nothing left to click; and still one
    // allocation. A click answered after the decision redraws the card as decided too (so a copy whose patch
    // is late shows the outcome at once): every update shows the same outcome, none an older state.
    await settled(w);
    const card = w.feishu.message(posted.messageId)!;
    expect(card.updates.length).toBeGreaterThanOrEqual(1);
    for (const update of card.updates) {
      expect(cardText(update.card)).toContain(decider);
      expect(callbackValues(update.card).filter((v) => v.a === 'request.approve')).toEqual([]);
    }
    expect(cardText(card.card)).toContain(decider);
    expect(callbackValues(card.card).filter((v) => v.a === 'request.approve')).toEqual([]);
    expect(await entries()).toHaveLength(1);
  });

  it('ignores a redelivered approve callback: one ledger entry, one card update', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-redeliver', owner: 'lead', quota: '10' });
    const { posted, request } = await apply(w, sub, '申请 appr-redeliver 40 again');
    const proxy = await startProxy(() => ({ to: w.airgate.url }));
    try {
      w.feishu.setEventUrl(`${proxy.url}/feishu/events`);
      const res = await click(
        w,
        'approver',
        posted.messageId,
        valueOf(posted.card, 'request.approve'),
        form('40'),
      );
      expect(res.toast?.content).toContain('正在批准 ¥40.00');
      const delivered = proxy.captured.at(-1)!;
      // Feishu sends the same callback again (its answer was lost): same event id, same signature.
      const again = await post(w.airgate.url, delivered);
      expect(again.status).toBe(200);
      expect(again.text).not.toContain('card');
    } finally {
      w.feishu.setEventUrl(`${w.airgate.url}/feishu/events`);
      await proxy.close();
    }
    await settled(w);
    expect((await ledger(w, sub)).filter((e) => e.quotaRequestId === request.id)).toHaveLength(1);
    expect(w.feishu.message(posted.messageId)!.updates).toHaveLength(1);
  });

  it('redraws a copy still offering its buttons after the decision when it is clicked, before its patch arrives', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-stale', owner: 'lead', quota: '10' });
    const { posted, request } = await apply(w, sub, '申请 appr-stale 45 stale');
    await settled(w);
    // Ann approves elsewhere (the REST call, another chat) while nothing reaches Feishu: the patch of this
    // copy is queued, and the copy still offers 「批准」 and 「拒绝」.
    await w.deps.feishu!.relay.stop();
    try {
      const approver = { kind: 'feishu' as const, ...people.approver };
      await approveQuotaRequest(w.deps, {
        actor: approver,
        quotaRequestId: request.id,
        requestId: 'evt-stale',
      });
      expect(callbackValues(w.feishu.message(posted.messageId)!.card).length).toBeGreaterThan(0);
      // Bob rejects on that copy: told Ann approved it, and the copy shows her approval at once.
      const res = await click(
        w,
        'approver2',
        posted.messageId,
        valueOf(posted.card, 'request.reject'),
        form('45', '预算不足'),
      );
      expect(res.toast?.content).toContain('这项申请已由 Ann Approver');
      expect(res.cardUpdated).toBe(true);
      const now = w.feishu.message(posted.messageId)!;
      expect(cardText(now.card)).toContain('Ann Approver');
      expect(callbackValues(now.card)).toEqual([]);
    } finally {
      w.deps.feishu!.relay.start();
    }
    await settled(w);
    expect((await requests(w, sub))[0]!.status).toBe('approved');
    expect((await ledger(w, sub)).filter((e) => e.quotaRequestId === request.id)).toHaveLength(1);
  });

  it('publishes a decision taken while its card was still queued once the card is delivered: one patch, one outcome DM', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-crash', owner: 'lead', quota: '10' });
    await settled(w);
    const lead = { kind: 'feishu' as const, openId: people.lead.openId, roles: people.lead.roles };
    const approver = {
      kind: 'feishu' as const,
      openId: people.approver.openId,
      roles: people.approver.roles,
    };
    // Nothing reaches Feishu while the relay is stopped: the decision finds its card not yet sent.
    await w.deps.feishu!.relay.stop();
    let id: string;
    try {
      const { request } = await createQuotaRequest(w.deps, {
        actor: lead,
        subAccountId: sub.id,
        amount: money('60'),
        reason: 'crash',
        source: 'chat',
      });
      id = request.id;
      await approveQuotaRequest(w.deps, { actor: approver, quotaRequestId: id, requestId: 'evt-crash' });
      const decided = await withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.findById(m, id));
      expect(decided).toMatchObject({ status: 'approved', publishedAt: null });
    } finally {
      w.deps.feishu!.relay.start();
    }
    const posted = await waitFor('the card in the approvers’ chat', () =>
      botMessages(w, { chatId: teamChat }).find((m) => cardText(m.card).includes('appr-crash')),
    );
    // The decision's follow-up or the sweep, whichever comes first, patches the copy once it is delivered.
    await republishQuotaRequests(w.deps);
    await waitFor('the card patched', async () => {
      await republishQuotaRequests(w.deps);
      return cardText(w.feishu.message(posted.messageId)!.card).includes('Ann Approver') ? true : undefined;
    });
    await waitFor('the outcome DM', () =>
      botMessages(w, { dmOf: 'lead' }).find(
        (m) => cardText(m.card).includes('appr-crash') && cardText(m.card).includes('已批准'),
      ),
    );
    expect(await republishQuotaRequests(w.deps)).toBe(0);
    await settled(w);
    expect(w.feishu.message(posted.messageId)!.updates).toHaveLength(1);
    const dms = botMessages(w, { dmOf: 'lead' }).filter((m) => cardText(m.card).includes('appr-crash'));
    expect(dms).toHaveLength(1);
  });

  it('does not let the requester approve their own request', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-self', quota: '10' });
    const before = botMessages(w, { chatId: teamChat }).length;
    await say(w, 'approver', '申请 appr-self 99 我自己要用');
    const posted = await waitFor('the card', () => botMessages(w, { chatId: teamChat })[before]);
    const res = await click(
      w,
      'approver',
      posted.messageId,
      valueOf(posted.card, 'request.approve'),
      form('99'),
    );
    expect(res.toast?.content).toContain('不能审批自己提交的申请');
    expect(res.cardUpdated).toBe(false);
    expect((await requests(w, sub))[0]!.status).toBe('pending');
    expect(await ledger(w, sub)).toHaveLength(1);
  });

  it('refuses a click by someone who is not an approver, and an amount the form cannot carry', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-who', owner: 'lead', quota: '10' });
    const { posted } = await apply(w, sub, '申请 appr-who 50 need');
    const approve = valueOf(posted.card, 'request.approve');
    const byLead2 = await click(w, 'lead2', posted.messageId, approve, form('50'));
    expect(byLead2.toast?.content).toContain('没有权限');
    const bad = await click(w, 'approver', posted.messageId, approve, form('-5'));
    expect(bad.toast?.content).toContain('金额必须大于 0');
    const tampered = await click(
      w,
      'approver',
      posted.messageId,
      { ...approve, req: 'x'.repeat(80) },
      { ...form('50'), allowUnknownValue: true },
    );
    expect(tampered.toast?.content).toContain('失效');
    expect((await requests(w, sub))[0]!.status).toBe('pending');
    expect(await ledger(w, sub)).toHaveLength(1);
    expect(w.feishu.message(posted.messageId)!.updates).toHaveLength(0);
  });

  it('rejects without allocating; the card says who and the requester is told', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-no', owner: 'lead', quota: '10' });
    const { posted } = await apply(w, sub, '申请 appr-no 5000 too much');
    // A rejection asks for its reason (issue 16, item 15): without one nothing happens.
    const bare = await click(
      w,
      'approver2',
      posted.messageId,
      valueOf(posted.card, 'request.reject'),
      form('5000'),
    );
    expect(bare.toast?.content).toContain('拒绝的理由');
    expect((await requests(w, sub))[0]!.status).toBe('pending');
    const res = await click(
      w,
      'approver2',
      posted.messageId,
      valueOf(posted.card, 'request.reject'),
      form('5000', '本季度预算已用完'),
    );
    expect(res.cardUpdated).toBe(true);
    expect(cardText(w.feishu.message(posted.messageId)!.card)).toContain('Bob Approver');
    expect(cardText(w.feishu.message(posted.messageId)!.card)).toContain('拒绝');
    expect(cardText(w.feishu.message(posted.messageId)!.card)).toContain('本季度预算已用完');
    const again = await click(w, 'approver', posted.messageId, valueOf(posted.card, 'request.approve'), {
      ...form('5000'),
      allowUnknownValue: true,
    });
    expect(again.toast?.content).toContain('已由 Bob Approver');
    expect(await ledger(w, sub)).toHaveLength(1);
    const outcome = await waitFor('the outcome DM', () =>
      botMessages(w, { dmOf: 'lead' }).find((m) => cardText(m.card).includes('你的额度申请被拒绝')),
    );
    expect(cardText(outcome.card)).toContain('本季度预算已用完');
  });

  it('the requester withdraws a pending request: by the card button, by 撤回申请, and no one else can', async () => {
    const sub = await givenSubAccount(w, { userName: 'appr-back', owner: 'lead', quota: '10' });
    const { reply, posted } = await apply(w, sub, '申请 appr-back 30 first');
    const other = await click(w, 'approver', posted.messageId, valueOf(posted.card, 'request.withdraw'));
    expect(other.toast?.content).toBeTruthy();
    expect((await requests(w, sub))[0]!.status).toBe('pending');
    const mine = await click(w, 'lead', reply.message.messageId, valueOf(reply.card, 'request.withdraw'));
    expect(mine.error).toBeUndefined();
    expect((await requests(w, sub))[0]!.status).toBe('cancelled');
    await waitFor('the approvers’ card says withdrawn', () =>
      cardText(w.feishu.message(posted.messageId)!.card).includes('撤回') ? true : undefined,
    );
    await settled(w);
    const second = await apply(w, sub, '申请 appr-back 40 second');
    const typed = await say(w, 'lead', `撤回申请 ${second.request.id.slice(0, 8)}`);
    expect(typed.text, typed.text).toContain('申请已撤回');
    expect((await requests(w, sub))[0]!.status).toBe('cancelled');
    const none = await say(w, 'lead', `撤回申请 ${second.request.id.slice(0, 8)}`);
    expect(none.text).toContain('没有待审批的额度申请');
    await settled(w);
  });

  it('expires after the configured time: the card says so and a late click allocates nothing', async () => {
    await givenSettings(w, { requestExpiryHours: 1 });
    const sub = await givenSubAccount(w, { userName: 'appr-late', owner: 'lead', quota: '10' });
    const { posted } = await apply(w, sub, '申请 appr-late 20 later');
    // The expiry job runs an hour and a minute later (only its clock moves: Feishu's signatures stay fresh).
    const later = { now: () => new Date(w.feishu.now() + 61 * 60_000) };
    expect((await expireQuotaRequests({ ...w.deps, clock: later })).length).toBeGreaterThanOrEqual(1);
    await waitFor('the card redrawn as expired', () =>
      cardText(w.feishu.message(posted.messageId)!.card).includes('已过期') ? true : undefined,
    );
    expect(callbackValues(w.feishu.message(posted.messageId)!.card)).toEqual([]);
    const late = await click(w, 'approver', posted.messageId, valueOf(posted.card, 'request.approve'), {
      ...form('20'),
      allowUnknownValue: true,
    });
    expect(late.toast?.content).toContain('过期');
    expect(await ledger(w, sub)).toHaveLength(1);
    await givenSettings(w, { requestExpiryHours: 72 });
  });

  it('speaks English to an approver whose language is English', async () => {
    await setLocale(w, 'approver2', 'en');
    const sub = await givenSubAccount(w, { userName: 'appr-en', owner: 'lead', quota: '10' });
    const { posted } = await apply(w, sub, '申请 appr-en 30 gpu');
    const byLead2 = await click(
      w,
      'approver2',
      posted.messageId,
      valueOf(posted.card, 'request.approve'),
      form('abc'),
    );
    expect(byLead2.toast?.content).toContain('invalid amount');
    const ok = await click(
      w,
      'approver2',
      posted.messageId,
      valueOf(posted.card, 'request.approve'),
      form('30'),
    );
    expect(ok.toast?.content).toBe('Approving ¥30.00… the card will show the outcome.');
    await settled(w);
    const again = await click(w, 'approver2', posted.messageId, valueOf(posted.card, 'request.approve'), {
      ...form('30'),
      allowUnknownValue: true,
    });
    expect(again.toast?.content).toContain('Already approved by Bob Approver');
    await setLocale(w, 'approver2', null);
  });
});
