import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { approvalCallbackToken } from '../../src/feishu/approval/api.js';
import { setupApprovalCenter } from '../../src/feishu/approval/setup.js';
import { systemActor } from '../../src/policies/actor.js';
import { expireQuotaRequests } from '../../src/services/requests/expireQuotaRequests.js';
import { taskIdOf } from '../../src/services/requests/approvalCenterSync.js';
import { dbKinds } from '../support/databases.js';
import { botMessages, cardText, click, valueOf, waitFor } from '../bot/support/chat.js';
import { givenSubAccount, people, startWorld, teamChat, type World } from '../bot/support/world.js';
import { fileRequest, instanceIn, ledger, setUp } from './support.js';

describe.each(dbKinds())('requests in the Feishu approval centre (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
  });
  afterAll(async () => w?.close());

  it('refuses setup without the approval scope and leaves the centre off; with it, creates the definition with AirGate’s callback', async () => {
    await expect(
      setupApprovalCenter(w.deps, { actor: systemActor, publicUrl: w.airgate.url }),
    ).rejects.toThrow(/99991672/);
    const { code, callbackUrl } = await setUp(w);
    expect(callbackUrl).toBe(`${w.airgate.url}/feishu/approval/action`);
    expect(w.feishu.approval.definition(code)?.external).toMatchObject({
      enable_quick_operate: true,
      action_callback_url: callbackUrl,
    });
  });

  it('shows a new request as a pending item for the approvers; approving it in the centre allocates once, updates the card and the item', async () => {
    const sub = await givenSubAccount(w, { userName: 'centre-a', owner: 'lead', quota: '100' });
    const request = await fileRequest(w, sub, '500');
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id).sort()).toEqual(
      [people.approver.openId, people.approver2.openId].sort(),
    );
    expect(w.feishu.approval.text(request.id, item.title)).toBe('额度申请 · centre-a · ¥500.00');
    expect(w.feishu.approval.todo(people.approver.openId).map((t) => t.instanceId)).toContain(request.id);

    const call = await w.feishu.approval.act({
      instanceId: request.id,
      openId: people.approver.openId,
      action: 'APPROVE',
    });
    expect(call.ok).toBe(true);
    // The second approver's click arrives before the centre shows the decision: refused, nothing allocated.
    const second = await w.feishu.approval.act({
      instanceId: request.id,
      openId: people.approver2.openId,
      action: 'APPROVE',
    });
    expect(second.ok).toBe(false);
    expect(JSON.parse(second.body)).toMatchObject({ data: { status: 'FAIL', status_msg: '这笔申请已处理' } });

    const entries = await ledger(w, sub);
    expect(entries.filter((e) => e.amount.toString() === '500')).toHaveLength(1);
    const done = await instanceIn(w, request.id, 'APPROVED');
    expect(done.task_list?.find((t) => t.open_id === people.approver.openId)?.status).toBe('APPROVED');
    expect(done.task_list?.find((t) => t.open_id === people.approver2.openId)?.status).toBe('DONE');
    const card = await waitFor('the card patched', () => {
      const c = botMessages(w, { chatId: teamChat }).find((m) => cardText(m.card).includes('centre-a'));
      return c && cardText(c.card).includes('Ann Approver') ? c : undefined;
    });
    expect(cardText(card.card)).toContain('¥500.00');
    expect(w.feishu.approval.todo(people.approver.openId).map((t) => t.instanceId)).not.toContain(request.id);
  });

  it('approving on the card updates the centre’s item', async () => {
    const sub = await givenSubAccount(w, { userName: 'centre-b', owner: 'lead', quota: '100' });
    const request = await fileRequest(w, sub, '80');
    await instanceIn(w, request.id, 'PENDING');
    const posted = await waitFor('the card', () =>
      botMessages(w, { chatId: teamChat }).find((m) => cardText(m.card).includes('centre-b')),
    );
    const res = await click(w, 'approver2', posted.messageId, valueOf(posted.card, 'request.approve'), {
      formValue: { approve_amount: '60', approve_note: '' },
    });
    expect(res.error).toBeUndefined();
    const item = await instanceIn(w, request.id, 'APPROVED');
    expect(item.task_list?.find((t) => t.open_id === people.approver2.openId)?.status).toBe('APPROVED');
    expect(JSON.stringify(item.i18n_resources)).toContain('Bob Approver 已批准 ¥60.00');
    await expect(
      w.feishu.approval.act({ instanceId: request.id, openId: people.approver.openId, action: 'APPROVE' }),
    ).rejects.toThrow(/APPROVED/);
    expect((await ledger(w, sub)).map((e) => e.amount.toString())).toContain('60');
  });

  it('rejecting in the centre rejects the request; an expired request shows as terminated', async () => {
    const sub = await givenSubAccount(w, { userName: 'centre-c', owner: 'lead', quota: '100' });
    const rejected = await fileRequest(w, sub, '70');
    await instanceIn(w, rejected.id, 'PENDING');
    const call = await w.feishu.approval.act({
      instanceId: rejected.id,
      openId: people.approver.openId,
      action: 'REJECT',
      reason: '预算不足',
    });
    expect(call.ok).toBe(true);
    await instanceIn(w, rejected.id, 'REJECTED');

    const expiring = await fileRequest(w, sub, '90');
    await instanceIn(w, expiring.id, 'PENDING');
    await w.feishu.advance(73 * 3_600_000);
    expect((await expireQuotaRequests(w.deps)).map((r) => r.id)).toContain(expiring.id);
    const item = await instanceIn(w, expiring.id, 'TERMINATED');
    expect(item.task_list?.every((t) => t.status === 'DONE')).toBe(true);
    expect((await ledger(w, sub)).length).toBe(1);
  });

  it('refuses a callback with a wrong token, and a requester deciding their own request', async () => {
    const sub = await givenSubAccount(w, { userName: 'centre-d', owner: 'lead', quota: '100' });
    const request = await fileRequest(w, sub, '30', {
      kind: 'feishu',
      openId: people.approver.openId,
      roles: ['approver'],
    });
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id)).not.toContain(people.approver.openId);
    const post = (token: string) =>
      fetch(`${w.airgate.url}/feishu/approval/action`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action_type: 'APPROVE',
          action_context: JSON.stringify({ r: request.id, o: people.approver.openId }),
          user_id: 'x',
          approval_code: item.approval_code,
          instance_id: request.id,
          task_id: taskIdOf(request.id, people.approver.openId),
          token,
        }),
      });
    expect((await post('forged')).status).toBe(401);
    const self = await post(approvalCallbackToken(w.feishu.app.appSecret));
    expect(await self.json()).toMatchObject({ data: { status: 'FAIL', status_msg: '不能审批自己的申请' } });
    expect(await ledger(w, sub)).toHaveLength(1);
  });

  it('keeps a change Feishu refused and syncs it once Feishu accepts again', async () => {
    const sub = await givenSubAccount(w, { userName: 'centre-e', owner: 'lead', quota: '100' });
    const scopes = w.feishu.scopes();
    w.feishu.setScopes(scopes.filter((s) => !s.startsWith('approval:')));
    const request = await fileRequest(w, sub, '40');
    const failed = await waitFor('a failed sync', async () => {
      const row = await withReader(w.deps.db, (m) => w.deps.repos.approvalCenterSyncs.find(m, request.id));
      return row && row.attempts > 0 ? row : undefined;
    });
    expect(failed.lastError).toContain('99991672');
    expect(w.feishu.approval.instance(request.id)).toBeUndefined();
    w.feishu.setScopes(scopes);
    await instanceIn(w, request.id, 'PENDING');
  });
});
