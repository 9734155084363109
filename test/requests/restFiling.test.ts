import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { Notification } from '../../src/db/entities/notification.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { givenKey, givenSubAccount, openApiHarness, type ApiHarness } from '../api/support.js';
import { dbKinds } from '../support/databases.js';

const ALERT_CHAT = 'oc_rest_alerts';

describe.each(dbKinds())('a quota request filed over REST on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    // No Feishu app in this process: nothing could install a hook, the filing use case alone must do it.
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['request'])).key;
    await givenSubAccount(h.deps, { userName: 'rita', projects: { web: '40' } });
    await updateSettings(h.deps, {
      actor: { kind: 'cli', osUser: 'test' },
      patch: { alertChatId: ALERT_CHAT },
    });
  });
  afterAll(async () => h?.close());

  const file = (idempotencyKey: string) =>
    h.call('/api/v1/quota-requests', {
      method: 'POST',
      key,
      json: { subaccount: 'rita', amount: '75', reason: 'CRM batch' },
      headers: { 'Idempotency-Key': idempotencyKey },
    });

  it('writes the approvers’ card with the request, with no hook on the deps, and once per request', async () => {
    expect(h.deps).not.toHaveProperty('announceQuotaRequest');
    const res = await file('rest-1');
    expect(res.status).toBe(201);
    const id = res.body.id as string;

    const { cards, request } = await withReader(h.deps.db, async (m) => ({
      cards: await m
        .getRepository(Notification)
        .find({ where: { subjectType: 'quota_request', subjectId: id, kind: 'quotaRequest.card' } }),
      request: await h.deps.repos.quotaRequests.findById(m, id),
    }));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.view).toMatchObject({
      id,
      sub: { name: 'rita' },
      amount: '75',
      decision: { state: 'pending' },
    });
    expect(request?.announcedAt).toEqual(request?.createdAt);
    const copies = await withReader(h.deps.db, (m) =>
      m.getRepository(FeishuOutboxMessage).findBy({ uuid: cards[0]!.outbox![0]! }),
    );
    expect(copies.map((c) => c.payload)).toEqual([
      expect.objectContaining({ kind: 'send', receiveIdType: 'chat_id', receiveId: ALERT_CHAT }),
    ]);
    expect(JSON.stringify(copies[0]!.payload)).toContain('rita');

    // A retry with the same key answers with the first request and tells nobody again.
    const again = await file('rest-1');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);
    const after = await withReader(h.deps.db, (m) =>
      m.getRepository(Notification).count({ where: { subjectType: 'quota_request', subjectId: id } }),
    );
    expect(after).toBe(1);
  });
});
