import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { DOCUMENTED_SCOPES } from '../../../src/sim/feishu/scopes.js';
import { alice, bob, sdkClient, simpleCard, testApp } from './support.js';

const GROUP = 'oc_urgent0000000000000000000001';
const carol = { openId: 'ou_c0000000000000000000000000000003', name: 'Carol' };

/** Buzz messages (加急) through the official SDK's im.v1.message.urgentApp/urgentSms/urgentPhone. */
describe('Feishu simulator: urgent (加急) messages', () => {
  let sim: FeishuSim;
  const client = () => sdkClient(sim.url);
  const sendCard = async () => {
    const res = await client().im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: GROUP, msg_type: 'interactive', content: JSON.stringify(simpleCard('Disabled')) },
    });
    return res.data!.message_id!;
  };
  const urgentApp = (messageId: string, ids: string[]) =>
    client().im.v1.message.urgentApp({
      path: { message_id: messageId },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: ids },
    });
  const errorOf = async (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { response?: { status?: number; data?: { code?: number } } }) => ({
        status: e.response?.status,
        code: e.response?.data?.code,
      }),
    );

  beforeAll(async () => {
    sim = await startFeishuSim({
      app: testApp,
      scopes: [...DOCUMENTED_SCOPES, 'im:message.urgent', 'im:message.urgent:sms'],
    });
    sim.seedUsers([alice, bob, carol]);
    sim.seedChat({ chatId: GROUP, name: 'Ops', type: 'group', members: [alice.openId, bob.openId] });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('buzzes the bot’s own message to the chat’s members and names the others invalid', async () => {
    const id = await sendCard();
    const res = await urgentApp(id, [alice.openId, carol.openId]);
    expect(res.code).toBe(0);
    expect(res.data?.invalid_user_id_list).toEqual([carol.openId]);
    const buzzes = (await (await fetch(`${sim.url}/__sim/urgent?messageId=${id}`)).json()) as unknown[];
    expect(buzzes).toMatchObject([{ kind: 'app', openIds: [alice.openId] }]);
  });

  it('refuses when nobody in the list is in the chat (230001)', async () => {
    const id = await sendCard();
    expect(await errorOf(urgentApp(id, [carol.openId]))).toEqual({ status: 400, code: 230001 });
  });

  it('refuses a message the bot did not send (230012)', async () => {
    const said = await sim.say({ from: alice.openId, chatId: GROUP, text: 'hello' });
    expect(await errorOf(urgentApp(said.messageId, [bob.openId]))).toEqual({ status: 400, code: 230012 });
  });

  it('refuses a recalled message (230110)', async () => {
    const id = await sendCard();
    await client().im.v1.message.delete({ path: { message_id: id } });
    expect(await errorOf(urgentApp(id, [alice.openId]))).toEqual({ status: 400, code: 230110 });
  });

  it('refuses phone buzzing without its scope (99991672) and SMS past the tenant quota (230024)', async () => {
    const id = await sendCard();
    const phone = client().im.v1.message.urgentPhone({
      path: { message_id: id },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: [alice.openId] },
    });
    expect(await errorOf(phone)).toEqual({ status: 400, code: 99991672 });
    await fetch(`${sim.url}/__sim/urgent/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ smsQuota: 1 }),
    });
    const sms = client().im.v1.message.urgentSms({
      path: { message_id: id },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: [alice.openId, bob.openId] },
    });
    expect(await errorOf(sms)).toEqual({ status: 400, code: 230024 });
  });

  it('refuses without the in-app scope', async () => {
    const id = await sendCard();
    sim.setScopes(DOCUMENTED_SCOPES);
    try {
      expect(await errorOf(urgentApp(id, [alice.openId]))).toEqual({ status: 400, code: 99991672 });
    } finally {
      sim.setScopes([...DOCUMENTED_SCOPES, 'im:message.urgent', 'im:message.urgent:sms']);
    }
  });
});
