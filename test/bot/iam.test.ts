import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { cardText, click } from './support/chat.js';
import { people, setLocale, startWorld, teamChat, type World } from './support/world.js';
import { answer, iamSeed, sayAndSee, subAccountNamed, volcUser } from './iamSupport.js';

describe.each(dbKinds())('IAM commands through the simulators (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { volcSeed: iamSeed });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('user create in a DM sends the key to the admin alone and records the sub-account', async () => {
    const r = await answer(w, 'admin', '用户 创建 dev-alice');
    const secret = volcUser(w, 'dev-alice')?.accessKeys[0]?.secretAccessKey;
    expect(secret).toBeTruthy();
    expect(r.message.chatType).toBe('p2p');
    expect(r.text).toContain('子账号 dev-alice 已创建');
    expect(r.text).toContain(secret);
    expect(r.text).toContain('只显示这一次');
    expect((await subAccountNamed(w, 'dev-alice'))?.status).toBe('active');
  });

  it('user create in a group (en) sends the key by direct message to the admin alone, with the project added', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const seen = await sayAndSee(w, 'admin', 'user create dev-bob proj-alpha', { chatId: teamChat });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.message.ephemeral).toBe(false);
      expect(seen[0]!.text).toContain('sent by direct message');
      const user = volcUser(w, 'dev-bob')!;
      const dm = w.feishu
        .messages({ from: 'bot' })
        .filter((m) => m.card && cardText(m.card).includes(user.accessKeys[0]!.secretAccessKey));
      expect(dm).toHaveLength(1);
      const adminDm = w.feishu
        .chats()
        .find((c) => c.type === 'p2p' && c.members.includes(people.admin.openId))!;
      expect(dm[0]!.chatId).toBe(adminDm.chatId);
      const r = { text: cardText(dm[0]!.card) };
      expect(r.text).toContain('Sub-account dev-bob created');
      expect(r.text).toContain('proj-alpha');
      expect(user.policies).toContainEqual(
        expect.objectContaining({ policyName: 'ArkFullAccess', projects: ['proj-alpha'] }),
      );
      const everyoneSees = w.feishu.messages({ chatId: teamChat, from: 'all' }).filter((m) => !m.ephemeral);
      expect(everyoneSees.some((m) => m.content.includes(user.accessKeys[0]!.secretAccessKey))).toBe(false);
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('refuses bad names, extra words and unknown projects with a usage card, creating nothing', async () => {
    const users = () => w.volc.state().users.length;
    const before = users();
    const bad = await answer(w, 'admin', '用户 创建 "bad name"');
    expect(bad.text).toContain('用户名须为');
    expect(bad.text).toContain('用户 创建 名称 [项目]');
    const extra = await answer(w, 'admin', 'user create a b c');
    expect(extra.text).toContain('多余的参数');
    const missing = await answer(w, 'admin', 'user create');
    expect(missing.text).toContain('缺少参数「名称」');
    const project = await answer(w, 'admin', 'user create dev-carol proj-alpah');
    expect(project.text).toContain('proj-alpha');
    expect(project.text).toContain('找不到项目');
    expect(users()).toBe(before);
    expect(await subAccountNamed(w, 'dev-carol')).toBeNull();
  });

  it('refuses user create to a lead, naming the admin role, and to a name that exists', async () => {
    const before = w.volc.state().users.length;
    const r = await answer(w, 'lead', '用户 创建 lead-made');
    expect(r.text).toContain('没有权限');
    expect(r.text).toContain('管理员');
    expect(volcUser(w, 'lead-made')).toBeUndefined();
    const dup = await answer(w, 'admin', '用户 创建 dev-alice');
    expect(dup.text).toContain('已存在');
    expect(w.volc.state().users.length).toBe(before);
  });

  it('user import brings an existing IAM user under AirGate; an unknown one gets suggestions', async () => {
    const r = await answer(w, 'admin', '用户 导入 legacy-one');
    expect(r.text).toContain('子账号已导入');
    expect((await subAccountNamed(w, 'legacy-one'))?.displayName).toBe('Legacy One');
    const miss = await answer(w, 'admin', 'user import legacy-thre');
    expect(miss.text).toContain('legacy-three');
    expect(await subAccountNamed(w, 'legacy-thre')).toBeNull();
    const again = await answer(w, 'admin', 'user import legacy-one');
    expect(again.text).toContain('已在管理中');
    const refused = await answer(w, 'approver', 'user import legacy-two');
    expect(refused.text).toContain('没有权限');
    expect(await subAccountNamed(w, 'legacy-two')).toBeNull();
  });

  it('user sync (en) reports the users it found on Volcengine', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const r = await answer(w, 'admin', 'user sync');
      expect(r.text).toContain('legacy-two');
      expect(r.text).toContain('legacy-three');
      expect((await subAccountNamed(w, 'legacy-two'))?.status).toBe('active');
      const extra = await answer(w, 'admin', 'user sync now');
      expect(extra.text).toContain('unexpected extra words');
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('user disable turns off the keys and login, user enable restores exactly those', async () => {
    const off = await answer(w, 'admin', '用户 禁用 legacy-one');
    expect(off.text).toContain('子账号已禁用');
    let u = volcUser(w, 'legacy-one')!;
    expect(u.accessKeys.map((k) => k.status)).toEqual(['inactive']);
    expect(u.loginProfile?.loginAllowed).toBe(false);
    expect((await subAccountNamed(w, 'legacy-one'))?.status).toBe('disabled');

    await setLocale(w, 'admin', 'en');
    try {
      const on = await answer(w, 'admin', 'user enable legacy-one');
      expect(on.text).toContain('Sub-account enabled');
      u = volcUser(w, 'legacy-one')!;
      expect(u.accessKeys.map((k) => k.status)).toEqual(['active']);
      expect(u.loginProfile?.loginAllowed).toBe(true);
    } finally {
      await setLocale(w, 'admin', null);
    }
    // legacy-two's inactive key was never AirGate's to turn on.
    await answer(w, 'admin', '用户 禁用 legacy-two');
    await answer(w, 'admin', '用户 启用 legacy-two');
    expect(volcUser(w, 'legacy-two')!.accessKeys.map((k) => k.status)).toEqual(['active', 'inactive']);
  });

  it('user disable refuses unknown names (with suggestions) and non-admins, changing nothing', async () => {
    const miss = await answer(w, 'admin', '用户 禁用 legacy-on');
    expect(miss.text).toContain('找不到子账号');
    expect(miss.text).toContain('legacy-one');
    const refused = await answer(w, 'approver', 'user disable legacy-one');
    expect(refused.text).toContain('没有权限');
    expect(volcUser(w, 'legacy-one')!.accessKeys[0]!.status).toBe('active');
  });

  it('the Disable and Enable buttons run the same use cases, for admins only', async () => {
    const sub = (await subAccountNamed(w, 'legacy-three'))!;
    const done = await answer(w, 'admin', '用户 禁用 legacy-three', { chatId: teamChat });
    await answer(w, 'admin', '用户 启用 legacy-three', { chatId: teamChat });
    const value = { a: 'user.disable', v: 1, sub: sub.id };
    const refused = await click(w, 'lead', done.message.messageId, value, { allowUnknownValue: true });
    expect(JSON.stringify(refused.toast)).toContain('没有权限');
    expect(volcUser(w, 'legacy-three')!.accessKeys[0]!.status).toBe('active');
    const ok = await click(w, 'admin', done.message.messageId, value, { allowUnknownValue: true });
    expect(JSON.stringify(ok.toast)).toContain('子账号已禁用');
    expect(volcUser(w, 'legacy-three')!.accessKeys[0]!.status).toBe('inactive');
    const enable = await click(
      w,
      'admin',
      done.message.messageId,
      { ...value, a: 'user.enable' },
      { allowUnknownValue: true },
    );
    expect(JSON.stringify(enable.toast)).toContain('子账号已启用');
    expect(volcUser(w, 'legacy-three')!.accessKeys[0]!.status).toBe('active');
  });
});
