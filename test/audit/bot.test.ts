import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { cardText, click, say, valueOf } from '../bot/support/chat.js';
import { answer } from '../bot/iamSupport.js';
import { givenSubAccount, people, setLocale, startWorld, type World } from '../bot/support/world.js';

const seed = { projects: [{ projectName: 'proj-a' }] };

describe.each(dbKinds())('审计 / audit in the bot (%s)', (kind) => {
  let w: World;
  let secret: string;
  beforeAll(async () => {
    w = await startWorld(kind, { volcSeed: seed });
    await givenSubAccount(w, { userName: 'other-sub', owner: 'lead', quota: '10' });
    const created = await answer(w, 'admin', '用户 创建 gpu-train');
    expect(created.text).toContain('gpu-train');
    secret = w.volc.state().users.find((u) => u.userName === 'gpu-train')!.accessKeys[0]!.secretAccessKey;
    expect((await say(w, 'admin', '划拨 gpu-train 500 训练预算')).text).toContain('¥500.00');
    expect((await answer(w, 'admin', '用户 禁用 gpu-train')).text).toContain('子账号已禁用');
    await say(w, 'admin', '划拨 other-sub 20 别的');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('shows what the admin did, newest first, with names and kinds in words, and never the secret', async () => {
    const r = await say(w, 'admin', '审计 gpu-train');
    expect(r.text).toContain('审计日志 · gpu-train');
    const disabled = r.text.indexOf('停用子账号');
    const allocated = r.text.indexOf('分配额度');
    const created = r.text.indexOf('创建子账号');
    expect(disabled).toBeGreaterThan(-1);
    expect(allocated).toBeGreaterThan(disabled);
    expect(created).toBeGreaterThan(allocated);
    expect(r.text).toContain(people.admin.name);
    expect(r.text).not.toContain(people.admin.openId);
    expect(r.text).toContain('amount=500');
    // Another sub-account's entries are not in this one's log.
    expect(r.text).not.toContain('other-sub');
    expect(r.text).not.toContain(secret);
    const all = await say(w, 'admin', '审计');
    expect(all.text).toContain('other-sub');
    expect(all.text).not.toContain(secret);
  });

  it('filters by kind and by person', async () => {
    const allocations = await say(w, 'admin', '审计 类型=quota.allocate');
    expect(allocations.text).toContain('分配额度');
    expect(allocations.text).toContain('other-sub');
    expect(allocations.text).not.toContain('停用子账号');
    expect(allocations.text).not.toContain('创建子账号');

    const byFamily = await say(w, 'admin', '审计 gpu-train 类型=subaccount');
    expect(byFamily.text).toContain('停用子账号');
    expect(byFamily.text).not.toContain('分配额度');

    const byAdmin = await say(w, 'admin', `审计 人=${people.admin.name.split(' ')[0]}`);
    expect(byAdmin.text).toContain('成员不存在');
    const byName = await say(w, 'admin', `审计 gpu-train "人=${people.admin.name}"`);
    expect(byName.text).toContain(`人 ${people.admin.name}`);
    expect(byName.text).toContain('停用子账号');
    const byLead = await say(w, 'admin', `审计 人=${people.lead.openId}`);
    expect(byLead.text).toContain('没有符合条件的审计记录');
  });

  it('reads naturally in English', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const r = await say(w, 'admin', 'audit gpu-train kind=quota');
      expect(r.text).toContain('Audit log · gpu-train');
      expect(r.text).toContain('quota allocated');
      expect(r.text).toContain('kind quota');
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('pages long logs with a button that keeps the filters', async () => {
    for (let i = 0; i < 21; i++) await say(w, 'admin', `划拨 other-sub 1 第${i}次`);
    const r = await say(w, 'admin', '审计 other-sub');
    expect(r.text).toContain('第 1/2 页');
    const next = valueOf(r.card, 'audit.page');
    expect(next).toMatchObject({ page: 2, sub: expect.any(String) });
    expect((await click(w, 'admin', r.message.messageId, next)).cardUpdated).toBe(true);
    const page2 = cardText(w.feishu.message(r.message.messageId)!.card);
    expect(page2).toContain('第 2/2 页');
    expect(page2).toContain('other-sub');
    expect(page2).not.toContain('gpu-train');
  });

  it('refuses a team lead (no audit.view) and shows nothing', async () => {
    const r = await say(w, 'lead', '审计 gpu-train');
    expect(r.text).toContain('没有权限');
    expect(r.text).not.toContain('分配额度');
  });
});
