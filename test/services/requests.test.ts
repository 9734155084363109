import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { ConflictError, ForbiddenError, NotFoundError, UsageError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { getQuota } from '../../src/services/quota/getQuota.js';
import { quotaHistory } from '../../src/services/quota/quotaHistory.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { cancelQuotaRequest } from '../../src/services/requests/cancelQuotaRequest.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { expireQuotaRequests } from '../../src/services/requests/expireQuotaRequests.js';
import { getQuotaRequest, listQuotaRequests } from '../../src/services/requests/getQuotaRequest.js';
import { rejectQuotaRequest } from '../../src/services/requests/rejectQuotaRequest.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from './harness.js';
import { wordsOf } from '../errors/refusalWords.js';

const lead: Actor = { kind: 'feishu', openId: 'ou_lead', roles: ['lead'] };
const approver: Actor = { kind: 'feishu', openId: 'ou_approver', roles: ['approver'] };
const approver2: Actor = { kind: 'feishu', openId: 'ou_approver2', roles: ['approver', 'lead'] };
const crm: Actor = { kind: 'apiKey', keyId: 'key-crm', name: 'crm', scopes: ['read', 'request'] };

describe.each(dbKinds())('quota requests on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  const ask = async (
    actor: Actor = lead,
    amount = '200',
    extra: { idempotencyKey?: string; reason?: string } = {},
  ) => {
    const sub = await givenSubAccount(h.deps, { ownerOpenId: 'ou_lead' });
    const r = await createQuotaRequest(h.deps, {
      actor,
      subAccountId: sub.id,
      amount: parseAmount(amount),
      reason: extra.reason ?? '训练任务',
      ...extra,
    });
    return { sub, request: r.request };
  };

  it('creates a pending request that expires after the configured hours', async () => {
    const { request } = await ask();
    expect(request.status).toBe('pending');
    expect(request.requester).toBe('feishu:ou_lead');
    expect(request.source).toBe('chat');
    expect(request.expiresAt.getTime() - h.clock.now().getTime()).toBe(72 * 3_600_000);
    expect((await getQuotaRequest(h.deps, { id: request.id })).amount.toString()).toBe('200');
  });

  it('approves once: allocates the amount, records who and when, audits one entry', async () => {
    const { sub, request } = await ask();
    const r = await approveQuotaRequest(h.deps, {
      actor: approver,
      quotaRequestId: request.id,
      source: 'card',
      note: 'ok',
    });
    expect(r.outcome).toBe('approved');
    if (r.outcome !== 'approved') return;
    expect(r.entry.amount.toString()).toBe('200');
    expect(r.entry.source).toBe('card');
    expect(r.entry.quotaRequestId).toBe(request.id);
    expect(r.request).toMatchObject({
      status: 'approved',
      decidedBy: 'feishu:ou_approver',
      ledgerEntryId: r.entry.id,
    });
    const again = await approveQuotaRequest(h.deps, { actor: approver2, quotaRequestId: request.id });
    expect(again).toMatchObject({
      outcome: 'already_decided',
      request: { status: 'approved', decidedBy: 'feishu:ou_approver' },
    });
    expect((await getQuota(h.deps, { subAccountId: sub.id })).quota.quota.toString()).toBe('200');
    const stored = await getQuotaRequest(h.deps, { id: request.id });
    expect(stored).toMatchObject({ status: 'approved', ledgerEntryId: r.entry.id, version: 2 });
    expect(stored.decidedAt?.toISOString()).toBe(h.clock.now().toISOString());
    const audit = await listAudit(h.deps, { targetId: request.id });
    expect(audit.map((a) => a.action)).toEqual(['quota.request.approve', 'quota.request.create']);
  });

  it('lets the approver change the amount', async () => {
    const { sub, request } = await ask(lead, '500');
    const r = await approveQuotaRequest(h.deps, {
      actor: approver,
      quotaRequestId: request.id,
      amount: parseAmount('120.5'),
    });
    expect(r.request.approvedAmount?.toString()).toBe('120.5');
    expect((await getQuota(h.deps, { subAccountId: sub.id })).quota.quota.toString()).toBe('120.5');
    await expect(
      approveQuotaRequest(h.deps, {
        actor: approver,
        quotaRequestId: request.id,
        amount: parseAmount('1').neg(),
      }),
    ).rejects.toThrow(UsageError);
  });

  it('lets an approver approve less than asked but not more; an admin may approve more', async () => {
    const { sub, request } = await ask(lead, '100');
    const err = await approveQuotaRequest(h.deps, {
      actor: approver,
      quotaRequestId: request.id,
      amount: parseAmount('100000000'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(wordsOf(err)).toContain('100.00');
    expect(wordsOf(err)).toMatch(/only an admin may approve more/);
    expect((await getQuotaRequest(h.deps, { id: request.id })).status).toBe('pending');
    expect((await getQuota(h.deps, { subAccountId: sub.id })).quota.quota.toString()).toBe('0');

    const admin: Actor = { kind: 'feishu', openId: 'ou_admin', roles: ['admin'] };
    const r = await approveQuotaRequest(h.deps, {
      actor: admin,
      quotaRequestId: request.id,
      amount: parseAmount('150'),
    });
    expect(r.outcome).toBe('approved');
    expect((await getQuota(h.deps, { subAccountId: sub.id })).quota.quota.toString()).toBe('150');
  });

  it('refuses more than asked from an API key without the admin scope', async () => {
    const { request } = await ask(lead, '100');
    const key: Actor = { kind: 'apiKey', keyId: 'key-ops', name: 'ops', scopes: ['allocate'] };
    await expect(
      approveQuotaRequest(h.deps, { actor: key, quotaRequestId: request.id, amount: parseAmount('100.01') }),
    ).rejects.toThrow(ForbiddenError);
    const ok = await approveQuotaRequest(h.deps, { actor: key, quotaRequestId: request.id });
    expect(ok.outcome).toBe('approved');
  });

  it('refuses to let the requester approve their own request, and leaves it pending', async () => {
    const { request } = await ask(approver2);
    await expect(
      approveQuotaRequest(h.deps, { actor: approver2, quotaRequestId: request.id }),
    ).rejects.toThrow(ForbiddenError);
    expect((await getQuotaRequest(h.deps, { id: request.id })).status).toBe('pending');
  });

  it('rejects and cancels only pending requests; transitions never go back', async () => {
    const { sub, request } = await ask();
    expect(
      (await rejectQuotaRequest(h.deps, { actor: approver, quotaRequestId: request.id, note: '预算不足' }))
        .outcome,
    ).toBe('rejected');
    const late = await approveQuotaRequest(h.deps, { actor: approver2, quotaRequestId: request.id });
    expect(late).toMatchObject({
      outcome: 'already_decided',
      request: { status: 'rejected', decisionNote: '预算不足' },
    });
    expect((await quotaHistory(h.deps, { subAccountId: sub.id })).entries).toHaveLength(0);

    const second = await ask();
    await expect(
      cancelQuotaRequest(h.deps, { actor: approver, quotaRequestId: second.request.id }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      (await cancelQuotaRequest(h.deps, { actor: lead, quotaRequestId: second.request.id })).outcome,
    ).toBe('cancelled');
    expect(
      (await rejectQuotaRequest(h.deps, { actor: approver, quotaRequestId: second.request.id })).outcome,
    ).toBe('already_decided');
    await expect(rejectQuotaRequest(h.deps, { actor: approver, quotaRequestId: 'missing' })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('expires pending requests past their time; a late approval allocates nothing', async () => {
    await updateSettings(h.deps, { actor: { kind: 'cli', osUser: 'ops' }, patch: { requestExpiryHours: 1 } });
    const a = await ask();
    const b = await ask();
    h.clock.advance(3_600_000);
    const late = await approveQuotaRequest(h.deps, { actor: approver, quotaRequestId: a.request.id });
    expect(late).toMatchObject({ outcome: 'already_decided', request: { status: 'expired' } });
    const expired = await expireQuotaRequests(h.deps);
    expect(expired.map((r) => r.id)).toContain(b.request.id);
    expect(expired.map((r) => r.id)).not.toContain(a.request.id);
    expect(await expireQuotaRequests(h.deps)).toEqual([]);
    expect((await getQuotaRequest(h.deps, { id: b.request.id })).status).toBe('expired');
    expect((await quotaHistory(h.deps, { subAccountId: a.sub.id })).entries).toHaveLength(0);
    await updateSettings(h.deps, {
      actor: { kind: 'cli', osUser: 'ops' },
      patch: { requestExpiryHours: 72 },
    });
  });

  it('returns the first request for a retried Idempotency-Key and refuses the key for another body', async () => {
    const sub = await givenSubAccount(h.deps);
    const body = {
      actor: crm,
      subAccountId: sub.id,
      amount: parseAmount('50'),
      reason: 'CRM 续费',
      idempotencyKey: 'order-7781',
    };
    const first = await createQuotaRequest(h.deps, body);
    const retry = await createQuotaRequest(h.deps, body);
    expect(retry).toMatchObject({ replayed: true, request: { id: first.request.id } });
    expect(first.request.source).toBe('api');
    await expect(createQuotaRequest(h.deps, { ...body, amount: parseAmount('51') })).rejects.toThrow(
      ConflictError,
    );
    // Keys are per requester: another key holder may use the same string.
    const other = await createQuotaRequest(h.deps, { ...body, actor: { ...crm, keyId: 'key-erp' } });
    expect(other.request.id).not.toBe(first.request.id);

    const racing = await Promise.all(
      Array.from({ length: 10 }, () => createQuotaRequest(h.deps, { ...body, idempotencyKey: 'order-race' })),
    );
    expect(new Set(racing.map((r) => r.request.id)).size).toBe(1);
    expect(racing.filter((r) => !r.replayed)).toHaveLength(1);
    const listed = await listQuotaRequests(h.deps, { subAccountId: sub.id });
    expect(listed).toHaveLength(3);
  });

  it('refuses empty reasons, bad amounts, odd keys and unknown sub-accounts', async () => {
    const sub = await givenSubAccount(h.deps);
    const base = { actor: lead, subAccountId: sub.id, amount: parseAmount('1'), reason: 'x' };
    await expect(createQuotaRequest(h.deps, { ...base, reason: '  ' })).rejects.toThrow(UsageError);
    await expect(createQuotaRequest(h.deps, { ...base, amount: parseAmount('1').minus(1) })).rejects.toThrow(
      UsageError,
    );
    await expect(createQuotaRequest(h.deps, { ...base, idempotencyKey: 'a b' })).rejects.toThrow(UsageError);
    await expect(createQuotaRequest(h.deps, { ...base, subAccountId: 'nope' })).rejects.toThrow(
      NotFoundError,
    );
  });
});
