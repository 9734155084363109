import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { dbKinds } from '../support/databases.js';
import { botMessages, cardText, click, settled, valueOf, waitFor } from '../bot/support/chat.js';
import {
  givenOrgChart,
  givenSettings,
  givenSubAccount,
  people,
  startWorld,
  teamChat,
  type Person,
  type World,
} from '../bot/support/world.js';
import { fileRequest, instanceIn, ledger, setUp } from './support.js';

/** The newest copy of the sub-account's request card in a chat or a DM whose text matches `has`. */
const cardIn = (w: World, where: { chatId?: string; dmOf?: Person }, sub: string, has = '') =>
  waitFor(`the ${sub} card ${JSON.stringify(where)} showing "${has}"`, () =>
    botMessages(w, where)
      .filter((m) => m.card && cardText(m.card).includes(`· ${sub} ·`))
      .reverse()
      .find((m) => cardText(m.card).includes(has)),
  );

const status = (w: World, id: string) =>
  withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.findById(m, id));

const allocated = async (w: World, sub: SubAccountDto) =>
  (await ledger(w, sub)).slice(1).map((e) => e.amount.toString());

describe.each(dbKinds())('the department route on the chat card (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    await setUp(w);
    // 研发中心 (leader: Ada, an admin) ⊃ 平台组 (leader: Val, who holds no approver role in AirGate).
    givenOrgChart(w);
  });
  afterAll(async () => w?.close());

  const platformSub = async (userName: string) => {
    const sub = await givenSubAccount(w, { userName, owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'platform' }, approvalEscalateAbove: '1000' });
    return sub;
  };

  it('sends the card to the department’s leader with the route; the leader, without the approver role, approves from it', async () => {
    const sub = await platformSub('rc-a');
    const request = await fileRequest(w, sub, '500');
    const route = '审批人：平台组负责人 Val Viewer（超过 ¥1,000.00 再由 Ada Admin 审批）';
    const dm = await cardIn(w, { dmOf: 'viewer' }, 'rc-a');
    expect(cardText(dm.card)).toContain(route);
    expect(cardText((await cardIn(w, { chatId: teamChat }, 'rc-a')).card)).toContain(route);

    const res = await click(w, 'viewer', dm.messageId, valueOf(dm.card, 'request.approve'), {
      formValue: { approve_amount: '500', approve_note: '' },
    });
    expect(res.error).toBeUndefined();
    // Answered at once; the decision follows the answer.
    expect(res.toast?.content).toContain('正在批准 ¥500.00');
    await settled(w);
    expect(await allocated(w, sub)).toEqual(['500']);
    expect((await status(w, request.id))?.status).toBe('approved');
  });

  it('a leader decides only the requests on their route: not another sub-account’s, and never their own', async () => {
    const other = await givenSubAccount(w, { userName: 'rc-other', owner: 'lead', quota: '100' });
    const elsewhere = await fileRequest(w, other, '40');
    const copy = await cardIn(w, { chatId: teamChat }, 'rc-other');
    expect(cardText(copy.card)).not.toContain('审批人：');
    const refused = await click(w, 'viewer', copy.messageId, valueOf(copy.card, 'request.approve'), {
      formValue: { approve_amount: '40', approve_note: '' },
    });
    expect(JSON.stringify(refused.toast)).toContain('没有权限');
    expect((await status(w, elsewhere.id))?.status).toBe('pending');
    expect(await allocated(w, other)).toEqual([]);

    // Val asks for their own department: their own leader alone decides; Val cannot approve it.
    const sub = await platformSub('rc-own');
    const own = await fileRequest(w, sub, '60', {
      kind: 'feishu',
      openId: people.viewer.openId,
      roles: ['viewer'],
    });
    const toAda = await cardIn(w, { dmOf: 'admin' }, 'rc-own');
    expect(cardText(toAda.card)).toContain('审批人：Ada Admin（平台组负责人 Val Viewer 的上级）');
    const ownCopy = await cardIn(w, { chatId: teamChat }, 'rc-own');
    const self = await click(w, 'viewer', ownCopy.messageId, valueOf(ownCopy.card, 'request.approve'), {
      formValue: { approve_amount: '60', approve_note: '' },
    });
    expect(self.toast?.type).toBe('error');
    expect((await status(w, own.id))?.status).toBe('pending');
    expect(await allocated(w, sub)).toEqual([]);
  });

  it('above the amount the leader approves first (here lowering it), then the leader’s leader, who sees the lowered amount', async () => {
    const sub = await platformSub('rc-two');
    const request = await fileRequest(w, sub, '1500');
    const toVal = await cardIn(w, { dmOf: 'viewer' }, 'rc-two');
    expect(cardText(toVal.card)).toContain(
      '审批人：平台组负责人 Val Viewer，再由 Ada Admin 审批（金额超过 ¥1,000.00）',
    );
    expect(cardText(toVal.card)).toContain('第 1/2 步：等待 Val Viewer');
    expect(botMessages(w, { dmOf: 'admin' }).some((m) => cardText(m.card).includes('· rc-two ·'))).toBe(
      false,
    );

    // The leader's leader cannot skip the first step, even as an admin, from the chat's copy.
    const chatCopy = await cardIn(w, { chatId: teamChat }, 'rc-two');
    const early = await click(w, 'admin', chatCopy.messageId, valueOf(chatCopy.card, 'request.approve'), {
      formValue: { approve_amount: '1500', approve_note: '' },
    });
    expect(JSON.stringify(early.toast)).toContain('这一步由 Val Viewer 审批（第 1/2 步）');
    expect(await allocated(w, sub)).toEqual([]);

    const first = await click(w, 'viewer', toVal.messageId, valueOf(toVal.card, 'request.approve'), {
      formValue: { approve_amount: '1200', approve_note: '先给一部分' },
    });
    expect(first.toast?.content).toContain('正在批准 ¥1,200.00');
    await settled(w);
    expect(await allocated(w, sub)).toEqual([]);
    // The clicked card shows the step once it is taken.
    await cardIn(w, { dmOf: 'viewer' }, 'rc-two', '第 1/2 步：Val Viewer已同意');
    const again = await click(w, 'viewer', toVal.messageId, valueOf(toVal.card, 'request.approve'), {
      formValue: { approve_amount: '1200', approve_note: '' },
    });
    expect(again.toast?.content).toBe('第 1/2 步已同意，等待 Ada Admin');

    const step = '第 1/2 步：Val Viewer已同意（金额改为 ¥1,200.00），等待 Ada Admin';
    const toAda = await cardIn(w, { dmOf: 'admin' }, 'rc-two', step);
    expect(JSON.stringify(toAda.card)).toContain('"1200.00"');
    await cardIn(w, { chatId: teamChat }, 'rc-two', step);
    const item = await waitFor('the centre asking Ada', () => {
      const i = w.feishu.approval.instance(request.id);
      return i?.task_list?.some((t) => t.open_id === people.admin.openId) ? i : undefined;
    });
    expect(JSON.stringify(item.i18n_resources)).toContain(step);

    const last = await click(w, 'admin', toAda.messageId, valueOf(toAda.card, 'request.approve'), {
      formValue: { approve_amount: '1200', approve_note: '' },
    });
    expect(last.error).toBeUndefined();
    expect(last.toast?.content).toContain('正在批准 ¥1,200.00');
    await settled(w);
    expect(await allocated(w, sub)).toEqual(['1200']);
    const done = await cardIn(w, { chatId: teamChat }, 'rc-two', '已同意 ¥1,200.00');
    expect(cardText(done.card)).toContain('第 1/2 步：Val Viewer已同意 ¥1,200.00');
    await instanceIn(w, request.id, 'APPROVED');
  });

  it('counts the leader’s step once when they approve on the card and in the centre at the same moment', async () => {
    const sub = await platformSub('rc-race');
    const request = await fileRequest(w, sub, '1800');
    const toVal = await cardIn(w, { dmOf: 'viewer' }, 'rc-race');
    await instanceIn(w, request.id, 'PENDING');
    const [card, centre] = await Promise.all([
      click(w, 'viewer', toVal.messageId, valueOf(toVal.card, 'request.approve'), {
        formValue: { approve_amount: '1800', approve_note: '' },
      }),
      w.feishu.approval.act({ instanceId: request.id, openId: people.viewer.openId, action: 'APPROVE' }),
    ]);
    expect(card.error).toBeUndefined();
    expect(centre.status).toBe(200);
    const r = await status(w, request.id);
    expect(r?.status).toBe('pending');
    expect(r?.stepApprovals).toHaveLength(1);
    expect(await allocated(w, sub)).toEqual([]);
    // Ada is asked once, by one DM.
    await cardIn(w, { dmOf: 'admin' }, 'rc-race', '等待 Ada Admin');
    expect(
      botMessages(w, { dmOf: 'admin' }).filter((m) => m.card && cardText(m.card).includes('· rc-race ·')),
    ).toHaveLength(1);
  });

  it('the second step may not raise what the first let through (unless an admin)', async () => {
    // 运维中心 (leader: Ann, an approver, not an admin) ⊃ 运维组 (leader: Val).
    w.feishu.contact.seedDepartment({
      departmentId: 'opsc',
      name: '运维中心',
      leaderOpenId: people.approver.openId,
    });
    w.feishu.contact.seedDepartment({
      departmentId: 'ops',
      name: '运维组',
      parentDepartmentId: 'opsc',
      leaderOpenId: people.viewer.openId,
    });
    const sub = await givenSubAccount(w, { userName: 'rc-raise', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'ops' }, approvalEscalateAbove: '1000' });
    await fileRequest(w, sub, '1500');
    const toVal = await cardIn(w, { dmOf: 'viewer' }, 'rc-raise');
    await click(w, 'viewer', toVal.messageId, valueOf(toVal.card, 'request.approve'), {
      formValue: { approve_amount: '1100', approve_note: '' },
    });
    await settled(w);
    const toAnn = await cardIn(w, { dmOf: 'approver' }, 'rc-raise', '等待 Ann Approver');
    const more = await click(w, 'approver', toAnn.messageId, valueOf(toAnn.card, 'request.approve'), {
      formValue: { approve_amount: '1500', approve_note: '' },
    });
    expect(JSON.stringify(more.toast)).toContain('管理员');
    expect(await allocated(w, sub)).toEqual([]);
    const ok = await click(w, 'approver', toAnn.messageId, valueOf(toAnn.card, 'request.approve'), {
      formValue: { approve_amount: '1100', approve_note: '' },
    });
    expect(ok.toast?.content).toContain('正在批准 ¥1,100.00');
    await settled(w);
    expect(await allocated(w, sub)).toEqual(['1100']);
  });

  it('a rejection at either step ends it, and a request can expire at the second step', async () => {
    const sub = await platformSub('rc-end');
    const atFirst = await fileRequest(w, sub, '2000');
    const toVal = await cardIn(w, { dmOf: 'viewer' }, 'rc-end', '第 1/2 步：等待 Val Viewer');
    const no = await click(w, 'viewer', toVal.messageId, valueOf(toVal.card, 'request.reject'), {
      formValue: { approve_amount: '2000', approve_note: '下个月再说' },
    });
    expect(no.error).toBeUndefined();
    expect((await status(w, atFirst.id))?.status).toBe('rejected');
    await instanceIn(w, atFirst.id, 'REJECTED');

    const atSecond = await fileRequest(w, sub, '3000');
    await instanceIn(w, atSecond.id, 'PENDING');
    expect(
      (
        await w.feishu.approval.act({
          instanceId: atSecond.id,
          openId: people.viewer.openId,
          action: 'APPROVE',
        })
      ).ok,
    ).toBe(true);
    await waitFor('the second step in the centre', () =>
      w.feishu.approval.instance(atSecond.id)?.task_list?.some((t) => t.open_id === people.admin.openId),
    );
    const reject = await w.feishu.approval.act({
      instanceId: atSecond.id,
      openId: people.admin.openId,
      action: 'REJECT',
      reason: '超预算',
    });
    expect(reject.ok).toBe(true);
    await instanceIn(w, atSecond.id, 'REJECTED');

    const expiring = await fileRequest(w, sub, '2500');
    await instanceIn(w, expiring.id, 'PENDING');
    await w.feishu.approval.act({ instanceId: expiring.id, openId: people.viewer.openId, action: 'APPROVE' });
    await waitFor('the second step in the centre', () =>
      w.feishu.approval.instance(expiring.id)?.task_list?.some((t) => t.open_id === people.admin.openId),
    );
    await w.feishu.advance(73 * 3_600_000);
    const late = await w.feishu.approval.act({
      instanceId: expiring.id,
      openId: people.admin.openId,
      action: 'APPROVE',
    });
    expect(late.ok).toBe(false);
    await instanceIn(w, expiring.id, 'TERMINATED');
    expect((await status(w, expiring.id))?.status).toBe('expired');
    expect(await allocated(w, sub)).toEqual([]);
  });
});
