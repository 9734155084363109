import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { givenSettings, givenSubAccount, people, startWorld, type World } from '../bot/support/world.js';
import { fileRequest, instanceIn, ledger, setUp } from './support.js';

const CONTACT_SCOPES = [
  'contact:contact.base:readonly',
  'contact:department.base:readonly',
  'contact:department.organize:readonly',
];

describe.each(dbKinds())('approvers from the org chart (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    await setUp(w);
    w.feishu.setScopes([...w.feishu.scopes(), ...CONTACT_SCOPES]);
    // 研发中心 (leader: Ada) ⊃ 平台组 (leader: Val, who holds no approver role in AirGate); 无主组 has no leader.
    w.feishu.contact.seedDepartment({
      departmentId: 'rd',
      name: '研发中心',
      leaderOpenId: people.admin.openId,
    });
    w.feishu.contact.seedDepartment({
      departmentId: 'platform',
      name: '平台组',
      parentDepartmentId: 'rd',
      leaderOpenId: people.viewer.openId,
    });
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
      '审批人：平台组 负责人 Val Viewer（超过 ¥1,000.00 需上级 Ada Admin）',
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

  it('asks the leader’s leader above the amount, and refuses the leader then', async () => {
    const sub = await givenSubAccount(w, { userName: 'route-b', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'platform' }, approvalEscalateAbove: '1000' });
    const request = await fileRequest(w, sub, '1500');
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id)).toEqual([people.admin.openId]);
    await expect(
      w.feishu.approval.act({ instanceId: request.id, openId: people.viewer.openId, action: 'APPROVE' }),
    ).rejects.toThrow(/no task/);
    expect(
      (
        await w.feishu.approval.act({
          instanceId: request.id,
          openId: people.admin.openId,
          action: 'APPROVE',
        })
      ).ok,
    ).toBe(true);
    await instanceIn(w, request.id, 'APPROVED');
  });

  it('falls back to the configured approvers when the department has no leader, and says so', async () => {
    const sub = await givenSubAccount(w, { userName: 'route-c', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'orphan' } });
    const request = await fileRequest(w, sub, '50');
    const item = await instanceIn(w, request.id, 'PENDING');
    expect(item.task_list?.map((t) => t.open_id).sort()).toEqual(
      [people.approver.openId, people.approver2.openId].sort(),
    );
    expect(JSON.stringify(item.i18n_resources)).toContain('审批人：无主组 未设负责人，由配置的审批人审批');
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
