import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SayInput } from '../../src/sim/feishu/say.js';
import { dbKinds } from '../support/databases.js';
import { answer } from './iamSupport.js';
import { cardText, say, waitFor } from './support/chat.js';
import {
  givenSubAccount,
  people,
  setLocale,
  startWorld,
  teamChat,
  type Person,
  type World,
} from './support/world.js';

/** `who` sends a message of any kind (DM unless `chatId`) and gets the bot's reply to it as text. */
async function send(w: World, who: Person, input: Omit<SayInput, 'from'>): Promise<string> {
  const said = await w.feishu.say({ from: people[who].openId, ...input });
  if (!said.delivered) throw new Error(`message not delivered: ${said.error ?? said.status}`);
  const reply = await waitFor(`the reply to a ${input.msgType ?? 'text'} message`, () =>
    w.feishu.messages({ from: 'bot' }).find((m) => m.parentId === said.messageId),
  );
  return reply.card ? cardText(reply.card) : (reply.text ?? '');
}

describe.each(dbKinds())('messages as people really type them (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
    await givenSubAccount(w, { userName: 'msg-alice', owner: 'lead', quota: '100' });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers "@Ann @AirGate 帮助" in a group, whoever is mentioned first', async () => {
    const text = await send(w, 'admin', { chatId: teamChat, text: '@Ann Approver @AirGate 帮助' });
    expect(text).toContain('`额度 名称`');
    expect(text).not.toContain('未知命令');
  });

  it('reads a rich-text (post) message, with the mention as an @ element', async () => {
    const dm = await send(w, 'admin', { msgType: 'post', title: '', text: '额度 msg-alice' });
    expect(dm).toContain('msg-alice');
    expect(dm).toContain('100');
    const group = await send(w, 'admin', { msgType: 'post', chatId: teamChat, text: '@AirGate 帮助' });
    expect(group).toContain('`额度 名称`');
  });

  it('answers an image, a file or a sticker with a short hint in the sender’s language', async () => {
    for (const msgType of ['image', 'file', 'sticker'] as const) {
      const hint = await send(w, 'viewer', { msgType, text: '' });
      expect(hint).toContain('我只读得懂文字');
    }
    await setLocale(w, 'viewer', 'en');
    try {
      expect(await send(w, 'viewer', { msgType: 'image', text: '' })).toContain('I can only read text');
    } finally {
      await setLocale(w, 'viewer', null);
    }
  });

  it('accepts a command glued to its argument: 额度msg-alice, 申请msg-alice 100, 用户创建 NAME', async () => {
    const quota = await say(w, 'admin', '额度msg-alice');
    expect(quota.text).toContain('msg-alice');
    expect(quota.text).not.toContain('未知命令');
    const apply = await say(w, 'lead', '申请msg-alice 100');
    expect(apply.text).toContain('缺少参数「理由」');
    expect(apply.text).toContain('`申请 名称 金额 理由`');
    const created = await answer(w, 'admin', '用户创建 glued-one');
    expect(created.text).toContain('子账号 glued-one 已创建');
    const spaced = await answer(w, 'admin', '用户 创建glued-two');
    expect(spaced.text).toContain('子账号 glued-two 已创建');
  });

  it('does not split where the boundary is a guess ("quotamsg-alice" stays unknown)', async () => {
    const r = await say(w, 'admin', 'quotamsg-alice');
    expect(r.text).toContain('未知命令「quotamsg-alice」');
  });

  it('tells a person with no role nothing about sub-account names, not even "did you mean"', async () => {
    const r = await say(w, 'stranger', '申请 msg-alic 100 please');
    expect(r.text).toContain('没有权限');
    expect(r.text).not.toContain('msg-alice');
    const lead = await say(w, 'lead', '申请 msg-alic 100 please');
    expect(lead.text).toContain('msg-alice');
  });

  it('hears no direct message when the app lacks im:message.p2p_msg:readonly', async () => {
    const granted = w.feishu.scopes();
    expect(granted).toContain('im:message.p2p_msg:readonly');
    w.feishu.setScopes(granted.filter((s) => s !== 'im:message.p2p_msg:readonly'));
    try {
      const dm = await w.feishu.say({ from: people.admin.openId, text: '帮助' });
      expect(dm.delivered).toBe(false);
      expect(w.feishu.deliveries().some((d) => d.eventId === dm.eventId && dm.eventId !== '')).toBe(false);
      const group = await say(w, 'admin', '帮助', { chatId: teamChat });
      expect(group.text).toContain('`额度 名称`');
    } finally {
      w.feishu.setScopes(granted);
    }
  });
});
