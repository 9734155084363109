import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { waitFor } from '../bot/support/chat.js';
import {
  CONTACT_SCOPES,
  givenSettings,
  givenSubAccount,
  people,
  startWorld,
  type World,
} from '../bot/support/world.js';
import { fileRequest, instanceIn, ledger, setUp } from './support.js';

describe.each(dbKinds())('the Feishu simulator’s org chart and approval centre over /__sim (%s)', (kind) => {
  let w: World;
  const sim = (path: string, body?: unknown) =>
    fetch(`${w.feishu.url}/__sim${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    await setUp(w);
    w.feishu.setScopes([...w.feishu.scopes(), ...CONTACT_SCOPES]);
  });
  afterAll(async () => w?.close());

  it('seeds a department tree with leaders, refuses an unknown leader, and decides a two-step request from the centre', async () => {
    const seeded = await sim('/departments', {
      departments: [
        { departmentId: 'rd', name: '研发中心', leaderOpenId: people.admin.openId },
        {
          departmentId: 'platform',
          name: '平台组',
          parentDepartmentId: 'rd',
          leaderOpenId: people.viewer.openId,
        },
      ],
    });
    expect(seeded.status).toBe(200);
    expect(
      ((await (await sim('/departments')).json()) as Array<{ departmentId: string }>).map(
        (d) => d.departmentId,
      ),
    ).toEqual(['rd', 'platform']);
    const unknown = await sim('/departments', { departmentId: 'x', name: 'X', leaderOpenId: 'ou_nobody' });
    expect(unknown.status).toBe(404);

    const sub = await givenSubAccount(w, { userName: 'sim-admin', owner: 'lead', quota: '100' });
    await givenSettings(w, { approverDepartments: { [sub.id]: 'platform' }, approvalEscalateAbove: '1000' });
    const request = await fileRequest(w, sub, '1500');
    await instanceIn(w, request.id, 'PENDING');
    type Item = {
      status: string;
      title: string;
      form: string[][];
      tasks: Array<{ openId: string; status: string }>;
    };
    const item = (await (await sim(`/approval/instances/${request.id}`)).json()) as Item;
    expect(item.title).toBe('额度申请 · sim-admin · ¥1,500.00');
    expect(item.form).toContainEqual(['审批进度', '第 1/2 步：等待 Val Viewer']);
    expect(item.tasks).toEqual([{ openId: people.viewer.openId, status: 'PENDING' }]);
    const todo = (await (await sim(`/approval/todo?openId=${people.viewer.openId}`)).json()) as unknown[];
    expect(todo).toHaveLength(1);

    const tooEarly = await sim('/approval/act', {
      instanceId: request.id,
      openId: people.admin.openId,
      action: 'APPROVE',
    });
    expect(tooEarly.status).toBe(403);
    const first = await sim('/approval/act', {
      instanceId: request.id,
      openId: people.viewer.openId,
      action: 'APPROVE',
    });
    expect(((await first.json()) as { ok: boolean }).ok).toBe(true);
    await waitFor('the second step in Ada’s 待办', async () =>
      ((await (await sim(`/approval/todo?openId=${people.admin.openId}`)).json()) as unknown[]).length > 0
        ? true
        : undefined,
    );
    const last = await sim('/approval/act', {
      instanceId: request.id,
      openId: people.admin.openId,
      action: 'APPROVE',
    });
    expect(((await last.json()) as { ok: boolean }).ok).toBe(true);
    await instanceIn(w, request.id, 'APPROVED');
    expect((await ledger(w, sub)).filter((e) => e.amount.toString() === '1500')).toHaveLength(1);
    expect(
      (await sim('/approval/act', { instanceId: request.id, openId: 'x', action: 'MAYBE' })).status,
    ).toBe(400);
  });
});
