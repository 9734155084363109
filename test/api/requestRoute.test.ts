import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/policies/actor.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import type { OrgChartPort, OrgDepartment } from '../../src/services/requests/approvalCenter.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { rejectQuotaRequest } from '../../src/services/requests/rejectQuotaRequest.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { givenMember } from '../support/factories.js';
import { dbKinds } from '../support/databases.js';
import { givenKey, givenSubAccount, openApiHarness, type ApiHarness } from './support.js';

// Feishu's contact directory as AirGate reads it: 研发中心 (leader Ada) ⊃ 平台组 (leader Val, not a member).
const departments: Record<string, OrgDepartment> = {
  rd: { id: 'rd', name: '研发中心', parentId: null, leaderOpenId: 'ou_ada' },
  platform: { id: 'platform', name: '平台组', parentId: 'rd', leaderOpenId: 'ou_val' },
};
const userNames: Record<string, string> = { ou_ada: 'Ada Admin', ou_val: 'Val Viewer' };
const orgChart: OrgChartPort = {
  department: async (id) => departments[id] ?? null,
  userName: async (openId) => userNames[openId] ?? null,
};
const lead: Actor = { kind: 'feishu', openId: 'ou_lead', roles: ['lead'] };
const val: Actor = { kind: 'feishu', openId: 'ou_val', roles: [] };

describe.each(dbKinds())('REST API: a quota request’s approver route on %s', (kind) => {
  let h: ApiHarness;
  let reader: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    reader = (await givenKey(h.deps, ['read'])).key;
    await givenMember(h.deps, { openId: 'ou_fay', name: 'Fay Finance', roles: ['approver'] });
  });
  afterAll(async () => h?.close());

  const file = async (userName: string, amount: string, department?: string) => {
    const sub = await givenSubAccount(h.deps, { userName });
    if (department)
      await updateSettings(h.deps, {
        actor: { kind: 'cli', osUser: 'test' },
        patch: { approverDepartments: { [sub.id]: department }, approvalEscalateAbove: '1000' },
      });
    const { request } = await createQuotaRequest(
      { ...h.deps, orgChart },
      { actor: lead, subAccountId: sub.id, amount: parseAmount(amount), reason: 'GPU 训练' },
    );
    return request.id;
  };
  const read = async (id: string) => {
    const res = await h.call(`/api/v1/quota-requests/${id}`, { key: reader });
    expect(res.status).toBe(200);
    // People by name only: no open_id leaves AirGate.
    expect(res.text).not.toMatch(/ou_/);
    return res.body;
  };

  it('shows a two-step request waiting on the second step once the first approved (a lowered amount)', async () => {
    const id = await file('route-two', '1500', 'platform');
    expect((await read(id)).route).toEqual({
      kind: 'department',
      department: '平台组',
      steps: [
        { approvers: ['Val Viewer'], state: 'waiting', decidedBy: null, amount: null },
        { approvers: ['Ada Admin'], state: 'pending', decidedBy: null, amount: null },
      ],
    });

    const step = await approveQuotaRequest(h.deps, {
      actor: val,
      quotaRequestId: id,
      amount: parseAmount('1200'),
    });
    expect(step.outcome).toBe('step_approved');
    const body = await read(id);
    expect(body.status).toBe('pending');
    expect(body.route).toEqual({
      kind: 'department',
      department: '平台组',
      steps: [
        { approvers: ['Val Viewer'], state: 'approved', decidedBy: 'Val Viewer', amount: '1200' },
        { approvers: ['Ada Admin'], state: 'waiting', decidedBy: null, amount: null },
      ],
    });
  });

  it('shows the configured approvers as one step, and who rejected it', async () => {
    const id = await file('route-conf', '50');
    expect((await read(id)).route).toEqual({
      kind: 'approvers',
      department: null,
      steps: [{ approvers: ['Fay Finance'], state: 'waiting', decidedBy: null, amount: null }],
    });
    await rejectQuotaRequest(h.deps, {
      actor: { kind: 'feishu', openId: 'ou_fay', roles: ['approver'] },
      quotaRequestId: id,
      note: 'no budget',
    });
    expect((await read(id)).route.steps).toEqual([
      { approvers: ['Fay Finance'], state: 'rejected', decidedBy: 'Fay Finance', amount: null },
    ]);
  });
});
