import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/policies/actor.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { givenKey, givenSubAccount, openApiHarness, writeState, type ApiHarness } from './support.js';

const approver: Actor = { kind: 'feishu', openId: 'ou_approver', roles: ['approver'] };

describe.each(dbKinds())('REST API quota requests on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  let keyId: string;
  let reader: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    ({ key, id: keyId } = await givenKey(h.deps, ['request']));
    reader = (await givenKey(h.deps, ['read'])).key;
    await givenSubAccount(h.deps, { userName: 'dave', projects: { web: '12' } });
    // These tests file many requests for one sub-account; the pending caps have their own tests (flooding).
    await updateSettings(h.deps, {
      actor: { kind: 'cli', osUser: 'test' },
      patch: { maxPendingRequestsPerSubAccount: 100, maxPendingRequestsPerRequester: 1000 },
    });
  });
  afterAll(async () => h?.close());

  const post = (json: unknown, headers: Record<string, string> = {}) =>
    h.call('/api/v1/quota-requests', { method: 'POST', key, json, headers });

  it('files a pending request in the approval flow and shows its decision once approved', async () => {
    const res = await post({ subaccount: 'dave', amount: '1200.50', reason: '新模型压测 / load test' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subaccount: 'dave',
      amount: '1200.5',
      approvedAmount: null,
      reason: '新模型压测 / load test',
      status: 'pending',
      source: 'api',
    });
    expect(res.headers.get('location')).toBe(`/api/v1/quota-requests/${res.body.id}`);
    expect(res.headers.get('idempotent-replayed')).toBeNull();

    const read = await h.call(`/api/v1/quota-requests/${res.body.id}`, { key: reader });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);

    await approveQuotaRequest(h.deps, { actor: approver, quotaRequestId: res.body.id, requestId: 'card-1' });
    const decided = await h.call(`/api/v1/quota-requests/${res.body.id}`, { key });
    expect(decided.body).toMatchObject({
      status: 'approved',
      approvedAmount: '1200.5',
      decidedAt: expect.any(String),
    });
    expect((await h.call('/api/v1/subaccounts/dave', { key: reader })).body).toMatchObject({
      quota: '1200.5',
      remaining: '1188.5',
    });
  });

  it('withdraws its own pending request (POST …/withdraw); another key may not', async () => {
    const res = await post({ subaccount: 'dave', amount: '7', reason: 'oops' });
    const path = `/api/v1/quota-requests/${res.body.id}/withdraw`;
    const other = (await givenKey(h.deps, ['request'])).key;
    const refused = await h.call(path, { method: 'POST', key: other, json: {} });
    expect(refused.status).toBe(403);
    expect((await h.call(`/api/v1/quota-requests/${res.body.id}`, { key: reader })).body.status).toBe(
      'pending',
    );
    const done = await h.call(path, { method: 'POST', key, json: {} });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: res.body.id, status: 'cancelled' });
    const again = await h.call(path, { method: 'POST', key, json: {} });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');
  });

  it('records the API key as requester, so the audit log names it', async () => {
    const res = await post({ subaccount: 'dave', amount: '1', reason: 'audit' });
    const rows = (await h.deps.db.query('SELECT requester FROM quota_requests WHERE id = ?', [
      res.body.id,
    ])) as Array<{
      requester: string;
    }>;
    expect(rows[0]?.requester).toBe(`apikey:${keyId}`);
  });

  it.each([
    ['a JSON number amount', { subaccount: 'dave', amount: 10, reason: 'r' }, ['amount']],
    ['three decimals', { subaccount: 'dave', amount: '1.234', reason: 'r' }, ['amount']],
    ['a zero amount', { subaccount: 'dave', amount: '0.00', reason: 'r' }, ['amount']],
    ['an amount over the maximum', { subaccount: 'dave', amount: '100000000.01', reason: 'r' }, ['amount']],
    ['an exponent', { subaccount: 'dave', amount: '1e3', reason: 'r' }, ['amount']],
    ['a blank reason and no sub-account', { amount: '5', reason: '   ' }, ['reason', 'subaccount']],
    ['an unknown field', { subaccount: 'dave', amount: '5', reason: 'r', approve: true }, ['approve']],
    ['a body that is an array', [1, 2], ['']],
  ])('answers 400 naming the field for %s, and writes nothing', async (_what, body, fields) => {
    const before = await writeState(h.deps);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(fields);
    expect(
      res.body.errors.every((e: { in: string; message: string }) => e.in === 'body' && e.message.length > 0),
    ).toBe(true);
    expect(await writeState(h.deps)).toBe(before);
  });

  it('answers 400 for a body that is not JSON and 415 for one that is not declared as JSON', async () => {
    const bad = await h.call('/api/v1/quota-requests', {
      method: 'POST',
      key,
      body: '{"amount":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ in: 'body' });
    const form = await h.call('/api/v1/quota-requests', {
      method: 'POST',
      key,
      body: 'amount=5',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('answers 404 for a request id that does not exist and 400 for one that is not a UUID', async () => {
    expect(
      (await h.call('/api/v1/quota-requests/00000000-0000-4000-8000-000000000000', { key })).status,
    ).toBe(404);
    const res = await h.call('/api/v1/quota-requests/12', { key });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
  });

  it('answers 404 and files nothing for an unknown sub-account', async () => {
    const before = await writeState(h.deps);
    expect((await post({ subaccount: 'nobody', amount: '5', reason: 'r' })).status).toBe(404);
    expect(await writeState(h.deps)).toBe(before);
  });

  it('returns the first result for a retry with the same Idempotency-Key', async () => {
    const body = { subaccount: 'dave', amount: '300', reason: '重试 / retry' };
    const first = await post(body, { 'Idempotency-Key': 'crm-order-77' });
    const before = await writeState(h.deps);
    const again = await post(body, { 'Idempotency-Key': 'crm-order-77' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await writeState(h.deps)).toBe(before);
  });

  it('answers 409 for the same Idempotency-Key with a different body, and keeps the first', async () => {
    const first = await post(
      { subaccount: 'dave', amount: '40', reason: 'r' },
      { 'Idempotency-Key': 'k-409' },
    );
    const before = await writeState(h.deps);
    const res = await post({ subaccount: 'dave', amount: '41', reason: 'r' }, { 'Idempotency-Key': 'k-409' });
    expect(res.status).toBe(409);
    expect(await writeState(h.deps)).toBe(before);
    expect((await h.call(`/api/v1/quota-requests/${first.body.id}`, { key })).body.amount).toBe('40');
  });

  it('files one request when ten retries with one Idempotency-Key arrive at once', async () => {
    const body = { subaccount: 'dave', amount: '77.7', reason: 'burst' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(body, { 'Idempotency-Key': 'same-burst' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = (await h.deps.db.query(
      "SELECT COUNT(*) AS n FROM quota_requests WHERE idempotency_key = 'same-burst'",
    )) as Array<{ n: unknown }>;
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('answers 400 naming the header for an unusable Idempotency-Key', async () => {
    const res = await post(
      { subaccount: 'dave', amount: '5', reason: 'r' },
      { 'Idempotency-Key': 'x'.repeat(129) },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'header', field: 'Idempotency-Key' })]);
  });
});
