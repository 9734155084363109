import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { dbKinds } from '../support/databases.js';
import { givenMember } from '../support/factories.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from '../api/support.js';

describe.each(dbKinds())('GET /api/v1/audit (%s)', (kind) => {
  let h: ApiHarness;
  let readKey: string;
  let adminKeySecret: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    const account = await givenAccount(h.deps);
    await givenMember(h.deps, { openId: 'ou_api_admin', name: '张三', roles: ['admin'] });
    const actor = { kind: 'feishu' as const, openId: 'ou_api_admin', roles: ['admin' as const] };
    const gpu = await givenSubAccount(h.deps, { userName: 'gpu-train', accountId: account.id });
    const web = await givenSubAccount(h.deps, { userName: 'web-app', accountId: account.id });
    for (const [sub, amount] of [
      [gpu, '100'],
      [web, '5'],
      [gpu, '7'],
    ] as const) {
      h.clock.advance(60_000);
      await allocateQuota(h.deps, {
        actor,
        subAccountId: sub.id,
        amount: money(amount),
        note: 'n',
        requestId: `r-${amount}`,
      });
    }
    readKey = (await givenKey(h.deps, ['read'], 'auditor')).key;
    adminKeySecret = (await givenKey(h.deps, ['admin'], 'ops')).key;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a read key with the log newest first, people by name, and no key secret', async () => {
    const r = await h.call('/api/v1/audit', { key: readKey });
    expect(r.status).toBe(200);
    const kinds = r.body.items.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['apikey.create', 'apikey.create']);
    const allocations = r.body.items.filter((e: { kind: string }) => e.kind === 'quota.allocate');
    expect(
      allocations.map((e: { targetName: string; summary: string }) => [
        e.targetName,
        e.summary.split(' ')[0],
      ]),
    ).toEqual([
      ['gpu-train', 'amount=7'],
      ['web-app', 'amount=5'],
      ['gpu-train', 'amount=100'],
    ]);
    expect(allocations[0].actorName).toBe('张三');
    expect(r.text).not.toContain(readKey);
    expect(r.text).not.toContain(adminKeySecret);
    expect(r.body.nextCursor).toBeNull();
  });

  it('filters by sub-account, actor and kind, and pages with the cursor', async () => {
    const gpu = await h.call('/api/v1/audit?subaccount=gpu-train', { key: readKey });
    expect(gpu.body.items.map((e: { summary: string }) => e.summary.split(' ')[0])).toEqual([
      'amount=7',
      'amount=100',
    ]);
    const byName = await h.call(`/api/v1/audit?actor=${encodeURIComponent('张三')}&kind=quota`, {
      key: readKey,
    });
    expect(byName.body.items).toHaveLength(3);
    const keys = await h.call('/api/v1/audit?kind=apikey.create', { key: readKey });
    expect(keys.body.items.map((e: { targetName: string }) => e.targetName).sort()).toEqual([
      'auditor',
      'ops',
    ]);
    const first = await h.call('/api/v1/audit?kind=quota.allocate&limit=2', { key: readKey });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(Number));
    const rest = await h.call(`/api/v1/audit?kind=quota.allocate&limit=2&cursor=${first.body.nextCursor}`, {
      key: readKey,
    });
    expect(rest.body.items.map((e: { summary: string }) => e.summary.split(' ')[0])).toEqual(['amount=100']);
    expect(rest.body.nextCursor).toBeNull();
    const unknown = await h.call('/api/v1/audit?actor=nobody', { key: readKey });
    expect(unknown.status).toBe(404);
    const bad = await h.call('/api/v1/audit?kind=DROP%20TABLE', { key: readKey });
    expect(bad.status).toBe(400);
  });

  it('refuses a key without read scope (403) and a request without a key (401)', async () => {
    const requester = (await givenKey(h.deps, ['request'])).key;
    expect((await h.call('/api/v1/audit', { key: requester })).status).toBe(403);
    expect((await h.call('/api/v1/audit')).status).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.call('/api/openapi.json')).body;
    expect(doc.paths['/api/v1/audit'].get.operationId).toBe('listAudit');
    expect(doc.components.schemas.AuditEntry).toBeDefined();
  });
});
