import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, bob, sdkClient, testApp } from './support.js';

const CODE = 'airgate-quota-test';

/** A third party's callback endpoint: records each body, answers what the test says. */
async function startCallbackSink(answer: () => { status: number; body: unknown }) {
  const bodies: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      bodies.push(JSON.parse(raw) as Record<string, unknown>);
      const a = answer();
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cb`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const texts = (pairs: Record<string, string>) => [
  {
    locale: 'zh-CN' as const,
    is_default: true,
    texts: Object.entries(pairs).map(([key, value]) => ({ key, value })),
  },
];

function instance(id: string, update: number, status: 'PENDING' | 'APPROVED' = 'PENDING') {
  return {
    approval_code: CODE,
    instance_id: id,
    status,
    title: '@i18n@title',
    links: { pc_link: 'https://airgate.example/r/1' },
    form: [{ name: '@i18n@k1', value: '@i18n@v1' }],
    start_time: '1764900000000',
    end_time: status === 'PENDING' ? '0' : String(update),
    update_time: String(update),
    task_list: [
      {
        task_id: `${id}-t1`,
        open_id: alice.openId,
        links: { pc_link: 'https://airgate.example/r/1' },
        status: status === 'PENDING' ? ('PENDING' as const) : ('APPROVED' as const),
        create_time: '1764900000000',
        end_time: status === 'PENDING' ? '0' : String(update),
        update_time: String(update),
        action_context: '{"r":"1"}',
      },
    ],
    i18n_resources: texts({ '@i18n@title': '额度申请', '@i18n@k1': '金额', '@i18n@v1': '¥100.00' }),
  };
}

describe('Feishu simulator: third-party approvals (三方审批) through the official SDK', () => {
  let sim: FeishuSim;
  let sink: Awaited<ReturnType<typeof startCallbackSink>>;
  let answer = { status: 200, body: { code: 0, msg: 'success', data: { status: 'SUCCESS' } } as unknown };

  beforeAll(async () => {
    sink = await startCallbackSink(() => answer);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([alice, bob]);
  });
  afterAll(async () => {
    await sim?.close();
    await sink?.close();
  });

  const definition = () => ({
    approval_name: '@i18n@name',
    approval_code: CODE,
    external: {
      support_pc: true,
      support_mobile: true,
      enable_quick_operate: true,
      action_callback_url: sink.url,
      action_callback_token: 'cb-token-1',
    },
    viewers: [{ viewer_type: 'NONE' as const }],
    i18n_resources: texts({ '@i18n@name': 'AirGate 额度申请' }),
  });

  it('refuses the definition without the approval scope, with the no-permission code', async () => {
    const client = sdkClient(sim.url);
    const scopes = sim.scopes();
    sim.setScopes(scopes.filter((s) => !s.startsWith('approval:')));
    const res = await client.approval.v4.externalApproval
      .create({ data: definition() })
      .catch((e: { response?: { data?: unknown } }) => e.response?.data);
    expect(res).toMatchObject({ code: 99991672 });
    sim.setScopes(scopes);
  });

  it('refuses a name that is not an i18n key, then creates the definition', async () => {
    sim.setScopes([...sim.scopes(), 'approval:approval']);
    const client = sdkClient(sim.url);
    const bad = await client.approval.v4.externalApproval
      .create({ data: { ...definition(), approval_name: 'AirGate' } })
      .catch((e: { response?: { data?: unknown } }) => e.response?.data);
    expect(bad).toMatchObject({ code: 1390001 });
    const res = await client.approval.v4.externalApproval.create({ data: definition() });
    expect(res).toMatchObject({ code: 0, data: { approval_code: CODE } });
    const got = await client.approval.v4.externalApproval.get({ path: { approval_code: CODE } });
    expect(got.data?.external?.action_callback_url).toBe(sink.url);
  });

  it('syncs an instance, keeps the newer of two syncs, and lists the pending task in the assignee’s to-do', async () => {
    const client = sdkClient(sim.url);
    expect(await client.approval.v4.externalInstance.create({ data: instance('i-1', 1000) })).toMatchObject({
      code: 0,
    });
    expect(sim.approval.todo(alice.openId)).toHaveLength(1);
    expect(sim.approval.text('i-1', '@i18n@v1')).toBe('¥100.00');
    // An older update arrives late: the centre keeps what it has.
    await client.approval.v4.externalInstance.create({ data: instance('i-1', 900, 'APPROVED') });
    expect(sim.approval.instance('i-1')?.status).toBe('PENDING');
    expect(sim.approval.ignoredSyncs()).toEqual([{ instanceId: 'i-1', update_time: '900' }]);
    const check = await client.approval.v4.externalInstance.check({
      data: { instances: [{ instance_id: 'i-1', update_time: '900', tasks: [] }] },
    });
    expect(check.data?.diff_instances?.map((d) => d.instance_id)).toEqual(['i-1']);
  });

  it('refuses an instance of an unknown definition, a missing i18n text and an unknown assignee', async () => {
    const client = sdkClient(sim.url);
    const fails = (data: ReturnType<typeof instance>) =>
      client.approval.v4.externalInstance
        .create({ data })
        .catch((e: { response?: { data?: unknown } }) => e.response?.data);
    expect(await fails({ ...instance('i-2', 1), approval_code: 'nope' })).toMatchObject({ code: 1390002 });
    expect(await fails({ ...instance('i-2', 1), title: '@i18n@missing' })).toMatchObject({ code: 1390001 });
    const i = instance('i-2', 1);
    i.task_list[0]!.open_id = 'ou_nobody';
    expect(await fails(i)).toMatchObject({ code: 1390001 });
    expect(await fails({ ...instance('i-2', 1), start_time: 'yesterday' })).toMatchObject({ code: 99992402 });
  });

  it('posts the quick approval to the callback URL with the token and the task’s context, and leaves the instance to the third party', async () => {
    const call = await sim.approval.act({ instanceId: 'i-1', openId: alice.openId, action: 'APPROVE' });
    expect(call.ok).toBe(true);
    expect(sink.bodies.at(-1)).toMatchObject({
      action_type: 'APPROVE',
      approval_code: CODE,
      instance_id: 'i-1',
      task_id: 'i-1-t1',
      action_context: '{"r":"1"}',
      token: 'cb-token-1',
    });
    expect(sim.approval.instance('i-1')?.status).toBe('PENDING');
    await expect(
      sim.approval.act({ instanceId: 'i-1', openId: bob.openId, action: 'APPROVE' }),
    ).rejects.toThrow(/no task/);
    answer = { status: 200, body: { code: 1, msg: 'no' } };
    expect((await sim.approval.act({ instanceId: 'i-1', openId: alice.openId, action: 'REJECT' })).ok).toBe(
      false,
    );
  });

  it('answers the org chart only with a contact scope, and the leader only with the organize scope', async () => {
    const client = sdkClient(sim.url);
    sim.contact.seedDepartment({ departmentId: 'D1', name: '研发部', leaderOpenId: bob.openId });
    sim.contact.seedDepartment({
      departmentId: 'D2',
      name: '平台组',
      parentDepartmentId: 'D1',
      leaderOpenId: alice.openId,
    });
    const base = sim.scopes().filter((s) => !s.startsWith('contact:'));
    sim.setScopes(base);
    const get = () =>
      client.contact.v3.department
        .get({
          path: { department_id: 'D2' },
          params: { department_id_type: 'department_id', user_id_type: 'open_id' },
        })
        .catch((e: { response?: { data?: unknown } }) => e.response?.data as never);
    expect(await get()).toMatchObject({ code: 99991672 });
    sim.setScopes([...base, 'contact:contact.base:readonly']);
    const bare = await get();
    expect(bare.data?.department).not.toHaveProperty('leader_user_id');
    sim.setScopes([
      ...base,
      'contact:contact.base:readonly',
      'contact:department.organize:readonly',
      'contact:department.base:readonly',
    ]);
    expect((await get()).data?.department).toMatchObject({
      name: '平台组',
      parent_department_id: 'D1',
      leader_user_id: alice.openId,
      leaders: [{ leaderType: 1, leaderID: alice.openId }],
    });
    const missing = await client.contact.v3.department
      .get({ path: { department_id: 'D9' }, params: { department_id_type: 'department_id' } })
      .catch((e: { response?: { data?: unknown } }) => e.response?.data);
    expect(missing).toMatchObject({ code: 40003 });
  });
});
