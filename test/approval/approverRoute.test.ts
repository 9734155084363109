import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import {
  givenOrgChart,
  givenSettings,
  givenSubAccount,
  people,
  startWorld,
  type World,
} from '../bot/support/world.js';
import { waitFor } from '../bot/support/chat.js';
import { fileRequest, instanceIn, ledger, setUp } from './support.js';

describe.each(dbKinds())('approvers from the org chart (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    await setUp(w);
    // 研发中心 (leader: Ada) ⊃ 平台组 (leader: Val, no approver role in AirGate); 无主组 has no leader.
    givenOrgChart(w);
    w.feishu.contact.seedDepartment({ departmentId: 'orphan', name: '无主组', parentDepartmentId: 'rd' });
  });
  afterAll(async () => w?.close());

  it('asks the department’s leader, shows the route, and lets the leader approve from the centre', async () => {
    const sub = await givenSubAccount(w, { userName: 'route-a', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'platform' }, approvalEscalateAbove: '1000' });
    const request = await fileRequest(w, sub, '500');
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id)).toEqual([people.viewer.openId]);
    expect(JSON.stringify(item.i18n_resources)).toContain(
      '审批人：平台组负责人 Val Viewer（超过 ¥1,000.00 再由 Ada Admin 审批）',
    );
    const call = await w.feishu.approval.act({
      instanceId: request.id,
      openId: people.viewer.openId,
      action: 'APPROVE',
    });
    expect(call.ok).toBe(true);
    await instanceIn(w, request.id, 'APPROVED');
    expect((await ledger(w, sub)).map((e) => e.amount.toString())).toContain('500');
  });

  it('above the amount asks the leader first, then the leader’s leader: both in turn, in the centre', async () => {
    const sub = await givenSubAccount(w, { userName: 'route-b', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'platform' }, approvalEscalateAbove: '1000' });
    const request = await fileRequest(w, sub, '1500');
    const item = await instanceIn(w, request.id, 'PENDING');
    // Only the leader's task first: the leader's leader is not asked before the leader approved.
    expect(item.task_list?.map((t) => t.open_id)).toEqual([people.viewer.openId]);
    expect(JSON.stringify(item.i18n_resources)).toContain('第 1/2 步：等待 Val Viewer');
    await expect(
      w.feishu.approval.act({ instanceId: request.id, openId: people.admin.openId, action: 'APPROVE' }),
    ).rejects.toThrow(/no task/);
    const first = await w.feishu.approval.act({
      instanceId: request.id,
      openId: people.viewer.openId,
      action: 'APPROVE',
    });
    expect(first.ok).toBe(true);
    // The first step allocates nothing; the centre now asks the leader's leader.
    expect((await ledger(w, sub)).map((e) => e.amount.toString())).not.toContain('1500');
    const second = await waitFor('the second step’s task', () => {
      const i = w.feishu.approval.instance(request.id);
      return i?.task_list?.some((t) => t.open_id === people.admin.openId) ? i : undefined;
    });
    expect(second.status).toBe('PENDING');
    expect(second.task_list?.find((t) => t.open_id === people.viewer.openId)?.status).toBe('APPROVED');
    expect(JSON.stringify(second.i18n_resources)).toContain('第 1/2 步：Val Viewer已同意，等待 Ada Admin');
    const last = await w.feishu.approval.act({
      instanceId: request.id,
      openId: people.admin.openId,
      action: 'APPROVE',
    });
    expect(last.ok).toBe(true);
    await instanceIn(w, request.id, 'APPROVED');
    expect((await ledger(w, sub)).filter((e) => e.amount.toString() === '1500')).toHaveLength(1);
  });

  it('falls back to the configured approvers when the department has no leader, and says so', async () => {
    const sub = await givenSubAccount(w, { userName: 'route-c', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'orphan' } });
    const request = await fileRequest(w, sub, '50');
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id).sort()).toEqual(
      [people.approver.openId, people.approver2.openId].sort(),
    );
    expect(JSON.stringify(item.i18n_resources)).toContain('审批人：无主组 部门无负责人，由管理员审批');
  });

  it('falls back too when the app may not read department leaders', async () => {
    const sub = await givenSubAccount(w, { userName: 'route-d', owner: 'lead', quota: '100' });
    w.feishu.contact.seedDepartment({
      departmentId: 'ops',
      name: '运维组',
      leaderOpenId: people.admin.openId,
    });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'ops' } });
    const scopes = w.feishu.scopes();
    w.feishu.setScopes(scopes.filter((s) => s !== 'contact:department.organize:readonly'));
    // A department AirGate never read: its cache has nothing to fall back on.
    const request = await fileRequest(w, sub, '50');
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id)).not.toContain(people.admin.openId);
    w.feishu.setScopes(scopes);
  });

  it('reads a department once within the cache’s lifetime and again after it, seeing a new leader', async () => {
    w.feishu.contact.seedDepartment({
      departmentId: 'data',
      name: '数据组',
      leaderOpenId: people.viewer.openId,
    });
    const sub = await givenSubAccount(w, { userName: 'route-e', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'data' } });
    const before = w.feishu.contact.reads();
    const a = await fileRequest(w, sub, '10');
    await instanceIn(w, a.id, 'PENDING');
    const b = await fileRequest(w, sub, '11');
    await instanceIn(w, b.id, 'PENDING');
    expect(w.feishu.contact.reads() - before).toBe(1);
    w.feishu.contact.seedDepartment({
      departmentId: 'data',
      name: '数据组',
      leaderOpenId: people.admin.openId,
    });
    await w.feishu.advance(11 * 60_000);
    const c = await fileRequest(w, sub, '12');
    const item = await instanceIn(w, c.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id)).toEqual([people.admin.openId]);
    expect(w.feishu.contact.reads() - before).toBe(2);
  });
});
