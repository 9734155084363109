import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { systemActor } from '../../src/policies/actor.js';
import { createApiKey } from '../../src/services/apiKeys/createApiKey.js';
import { announceQuotaRequests } from '../../src/services/requests/announceQuotaRequest.js';
import { money } from '../../src/domain/money.js';
import { dbKinds } from '../support/databases.js';
import { botMessages, cardText, click, settled, valueOf, waitFor } from './support/chat.js';
import { givenSubAccount, startWorld, teamChat, type World } from './support/world.js';

describe.each(dbKinds())('quota requests from the REST API enter the approval flow (%s)', (kind) => {
  let w: World;
  let key: string;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    key = (await createApiKey(w.deps, { actor: systemActor, name: 'crm', scopes: ['request', 'read'] })).key;
  });
  afterAll(async () => {
    await w?.close();
  });

  const file = (body: unknown, idempotencyKey?: string) =>
    fetch(`${w.airgate.url}/api/v1/quota-requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
    });

  it('posts the approval card to the alert chat, and an approver’s click allocates', async () => {
    await givenSubAccount(w, { userName: 'api-a', owner: 'lead', quota: '100' });
    const res = await file({ subaccount: 'api-a', amount: '250', reason: 'CRM 批量任务' }, 'crm-1');
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    const card = await waitFor('the approval card in the alert chat', () =>
      botMessages(w, { chatId: teamChat }).find((m) => cardText(m.card).includes('api-a')),
    );
    expect(cardText(card.card)).toContain('¥250.00');
    // The requester is the API key, by the name it was given
    expect(cardText(card.card)).toContain('API key crm');
    await settled(w);

    // A retry with the same key returns the first request and posts no second card.
    expect((await file({ subaccount: 'api-a', amount: '250', reason: 'CRM 批量任务' }, 'crm-1')).status).toBe(
      201,
    );
    await settled(w);
    expect(
      botMessages(w, { chatId: teamChat }).filter((m) => cardText(m.card).includes('api-a')),
    ).toHaveLength(1);

    await click(w, 'approver', card.messageId, valueOf(card.card, 'request.approve'));
    await settled(w);
    const request = await withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.findById(m, id));
    expect(request?.status).toBe('approved');
  });

  it('a pending request with no card (written without the filing use case) gets one from the sweep', async () => {
    const sub = await givenSubAccount(w, { userName: 'api-b', owner: 'lead', quota: '100' });
    // A row as an earlier version or an import would leave it: filed, nobody told.
    const now = w.deps.clock.now();
    await inTransaction(w.deps.db, (tx) =>
      w.deps.repos.quotaRequests.insert(
        tx,
        {
          subAccountId: sub.id,
          amount: money('80'),
          reason: 'batch',
          requester: 'apikey:legacy',
          source: 'api',
          idempotencyKey: null,
          bodyHash: null,
          expiresAt: new Date(now.getTime() + 3_600_000),
        },
        now,
      ),
    );
    await settled(w);
    expect(botMessages(w, { chatId: teamChat }).some((m) => cardText(m.card).includes('api-b'))).toBe(false);

    expect(await announceQuotaRequests(w.deps)).toBe(1);
    await waitFor('the late approval card', () =>
      botMessages(w, { chatId: teamChat }).find((m) => cardText(m.card).includes('api-b')),
    );
    expect(await announceQuotaRequests(w.deps)).toBe(0);
  });
});
