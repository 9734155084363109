import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
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
import { givenSubAccount, setLocale, startWorld, type World } from './support/world.js';

describe.each(dbKinds())('approval cards by direct message (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
    await setLocale(w, 'approver2', 'en');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('sends each approver their own copy in their language; a decision on one updates the other', async () => {
    const sub = await givenSubAccount(w, { userName: 'dm-a', owner: 'lead', quota: '100' });
    await say(w, 'lead', '申请 dm-a 1,000 新模型评测');
    const ann = await waitFor('Ann’s copy', () =>
      botMessages(w, { dmOf: 'approver' }).find((m) => cardText(m.card).includes('dm-a')),
    );
    const bob = await waitFor('Bob’s copy', () =>
      botMessages(w, { dmOf: 'approver2' }).find((m) => cardText(m.card).includes('dm-a')),
    );
    expect(cardText(ann.card)).toContain('额度申请 · dm-a · ¥1,000.00');
    expect(cardText(bob.card)).toMatch(/Quota request/i);
    await settled(w);

    const res = await click(w, 'approver2', bob.messageId, valueOf(bob.card, 'request.approve'), {
      // Less than asked (an approver may not approve more: that is an admin's right).
      formValue: { approve_amount: '0.09万', approve_note: '' },
    });
    expect(res.toast?.content).toContain('Approving ¥900.00');
    await settled(w);
    expect(cardText(w.feishu.message(bob.messageId)!.card)).toContain('Bob Approver');

    await waitFor('Ann’s copy updated', () =>
      w.feishu.message(ann.messageId)!.updates.length === 1 ? true : undefined,
    );
    const annNow = w.feishu.message(ann.messageId)!;
    expect(cardText(annNow.card)).toContain('Bob Approver');
    expect(cardText(annNow.card)).toContain('¥1,000.00');
    expect(callbackValues(annNow.card)).toEqual([]);
    const late = await click(w, 'approver', ann.messageId, valueOf(ann.card, 'request.approve'), {
      formValue: { approve_amount: '1000', approve_note: '' },
      allowUnknownValue: true,
    });
    expect(late.toast?.content).toContain('已由 Bob Approver');
    const entries = await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));
    expect(entries.map((e) => e.amount.toFixed(2))).toEqual(['100.00', '900.00']);
  });

  it('turns the quota card’s "request more" button into a form whose submit files the request', async () => {
    await givenSubAccount(w, { userName: 'dm-form', owner: 'lead', quota: '50', projects: { p: '45' } });
    const quota = await say(w, 'lead', '额度 dm-form');
    const prompt = await click(w, 'lead', quota.message.messageId, valueOf(quota.card, 'quota.applyPrompt'));
    expect(prompt.cardUpdated).toBe(true);
    const formCard = w.feishu.message(quota.message.messageId)!.card!;
    expect(cardText(formCard)).toContain('申请额度 · dm-form');
    const bad = await click(w, 'lead', quota.message.messageId, valueOf(formCard, 'quota.apply'), {
      formValue: { apply_amount: '1e309', apply_reason: 'x' },
    });
    expect(bad.toast?.content).toContain('无效金额');
    const sent = await click(w, 'lead', quota.message.messageId, valueOf(formCard, 'quota.apply'), {
      formValue: { apply_amount: '¥200', apply_reason: '快用完了' },
    });
    expect(sent.toast?.content).toContain('申请已提交');
    expect(cardText(w.feishu.message(quota.message.messageId)!.card)).toContain(
      '额度申请 · dm-form · ¥200.00',
    );
    await waitFor('the approvers’ copy', () =>
      botMessages(w, { dmOf: 'approver' }).find((m) => cardText(m.card).includes('dm-form')),
    );
  });

  it('refuses the form to a lead who does not own the sub-account', async () => {
    await givenSubAccount(w, { userName: 'dm-other', owner: 'lead2', quota: '50' });
    const quota = await say(w, 'lead', 'quota dm-other');
    const res = await click(w, 'lead', quota.message.messageId, valueOf(quota.card, 'quota.applyPrompt'));
    expect(res.cardUpdated).toBe(false);
    expect(res.toast?.content).toContain('没有权限');
  });
});
