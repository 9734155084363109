import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { Notification } from '../../src/db/entities/notification.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import type { Actor } from '../../src/policies/actor.js';
import type { Notifier } from '../../src/services/notifications/types.js';
import { announceQuotaRequests } from '../../src/services/requests/announceQuotaRequest.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from '../services/harness.js';

const lead: Actor = { kind: 'feishu', openId: 'ou_notice_lead', roles: ['lead'] };
const approver: Actor = { kind: 'feishu', openId: 'ou_notice_appr', roles: ['approver'] };
const ops = { kind: 'cli', osUser: 'ops' } as const;
const ALERT_CHAT = 'oc_notice_alerts';

/** The real notifier, failing the transaction right after it wrote one kind (the edge down mid-change). */
function failingAfter(kind: string, real: Notifier): Notifier {
  return {
    async emit(tx, event) {
      const emitted = await real.emit(tx, event);
      if (event.kind === kind) throw new Error(`could not record ${kind}`);
      return emitted;
    },
  };
}

describe.each(dbKinds())('quota request notices on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  const notices = (id: string) =>
    withReader(h.deps.db, (m) =>
      m.getRepository(Notification).find({ where: { subjectType: 'quota_request', subjectId: id } }),
    );
  const outboxCount = () => withReader(h.deps.db, (m) => m.getRepository(FeishuOutboxMessage).count());
  const request = (id: string) => withReader(h.deps.db, (m) => h.deps.repos.quotaRequests.findById(m, id));
  const file = async (amount = '100') => {
    const sub = await givenSubAccount(h.deps, { ownerOpenId: 'ou_notice_lead' });
    const r = await createQuotaRequest(h.deps, {
      actor: lead,
      subAccountId: sub.id,
      amount: parseAmount(amount),
      reason: 'notices',
    });
    return { sub, id: r.request.id };
  };

  it('leaves a request filed while nobody can be told unannounced; the sweep posts its card once an approver exists', async () => {
    const { id } = await file();
    expect(await notices(id)).toEqual([]);
    expect((await request(id))?.announcedAt).toBeNull();
    expect(await announceQuotaRequests(h.deps)).toBe(0);

    await inTransaction(h.deps.db, (tx) =>
      h.deps.repos.members.insert(
        tx,
        { openId: 'ou_notice_appr', name: 'Ann', roles: ['approver'], locale: 'en' },
        h.clock.now(),
      ),
    );
    expect(await announceQuotaRequests(h.deps)).toBeGreaterThanOrEqual(1);
    const [card] = await notices(id);
    expect(card).toMatchObject({
      kind: 'quotaRequest.card',
      recipients: [{ kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_notice_appr', locale: 'en' }],
    });
    expect((await request(id))?.announcedAt).not.toBeNull();
    expect(await announceQuotaRequests(h.deps)).toBe(0);
    expect(await notices(id)).toHaveLength(1);
  });

  it('leaves no notification when the decision rolls back, and patches the delivered copy and tells the requester when it commits', async () => {
    await updateSettings(h.deps, { actor: ops, patch: { alertChatId: ALERT_CHAT } });
    const { sub, id } = await file('60');
    const [card] = await notices(id);
    expect(card?.recipients).toEqual([
      { kind: 'send', receiveIdType: 'chat_id', receiveId: ALERT_CHAT, locale: h.deps.config.locale },
    ]);
    // The relay delivered the chat's copy (as it records a sent message).
    await withReader(h.deps.db, (m) =>
      m
        .getRepository(FeishuOutboxMessage)
        .update({ uuid: card!.outbox![0]! }, { status: 'sent', feishuMessageId: 'om_notice_copy' }),
    );
    const before = { outbox: await outboxCount(), notices: (await notices(id)).length };

    const failing = { ...h.deps, notifier: failingAfter('quotaRequest.outcome', h.deps.notifier) };
    await expect(approveQuotaRequest(failing, { actor: approver, quotaRequestId: id })).rejects.toThrow(
      'could not record quotaRequest.outcome',
    );
    expect(await request(id)).toMatchObject({ status: 'pending', publishedAt: null, ledgerEntryId: null });
    expect(await notices(id)).toHaveLength(before.notices);
    expect(await outboxCount()).toBe(before.outbox);
    const entries = await withReader(h.deps.db, (m) => h.deps.repos.ledger.chain(m, sub.id));
    expect(entries).toHaveLength(0);

    const ok = await approveQuotaRequest(h.deps, { actor: approver, quotaRequestId: id });
    expect(ok.outcome).toBe('approved');
    const after = await notices(id);
    expect(after.filter((n) => n.kind === 'quotaRequest.update').map((n) => n.recipients)).toEqual([
      [{ kind: 'patch', messageId: 'om_notice_copy', locale: h.deps.config.locale }],
    ]);
    const outcome = after.filter((n) => n.kind === 'quotaRequest.outcome');
    expect(outcome).toHaveLength(1);
    expect(outcome[0]!.view).toMatchObject({ decision: { state: 'approved', amount: '60' } });
    expect(await outboxCount()).toBe(before.outbox + 2);
    expect((await request(id))?.publishedAt).not.toBeNull();
    await updateSettings(h.deps, { actor: ops, patch: { alertChatId: null } });
  });
});
