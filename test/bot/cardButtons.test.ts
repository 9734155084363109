import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import type { VolcSeed } from '../../src/sim/volc/seed.js';
import { FORM_FIELDS } from '../../cards/lib/values.js';
import { dbKinds } from '../support/databases.js';
import { callbackValues, cardText, click, valueOf, waitFor } from './support/chat.js';
import { givenSubAccount, setLocale, startWorld, teamChat, type World } from './support/world.js';
import { answer, subAccountNamed, volcUser } from './iamSupport.js';

/** Issue 16 item 13: what had only a chat command gets a button (bill bars, allocate, remove, toggle all). */
const seed: VolcSeed = {
  projects: [
    { projectName: 'proj-alpha', displayName: 'Alpha' },
    { projectName: 'proj-beta', displayName: 'Beta' },
    { projectName: 'proj-gamma', displayName: 'Gamma' },
  ],
  users: [
    { userName: 'team-a', accessKeys: [{}] },
    { userName: 'team-b', accessKeys: [{}] },
  ],
};

const scoped = (w: World, user: string, policy: string) =>
  volcUser(w, user)!.policies.find((p) => p.policyName === policy && 'projects' in p)?.projects ?? [];

const chain = async (w: World, sub: SubAccountDto) =>
  (await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id))).map((e) => e.amount.toFixed(2));

const projectsOf = async (w: World, userName: string) => {
  const sub = (await subAccountNamed(w, userName))!;
  return (await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id)))
    .map((p) => [p.projectName, p.monitored])
    .sort();
};

const actions = (card: unknown) => callbackValues(card).map((v) => v.a);

describe.each(dbKinds())('card buttons for the chat-only commands (%s)', (kind) => {
  let w: World;
  let alice: SubAccountDto;
  beforeAll(async () => {
    w = await startWorld(kind, { volcSeed: seed });
    alice = await givenSubAccount(w, {
      userName: 'cb-alice',
      owner: 'lead',
      projects: { 'cb-p': '60' },
      quota: '100',
    });
    await answer(w, 'admin', '用户 导入 team-a');
    await answer(w, 'admin', '用户 导入 team-b');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the bill card shows, per sub-account, the percent of its quota used and a bar', async () => {
    const one = await answer(w, 'lead', '账单 cb-alice');
    expect(one.text).toContain('额度使用');
    expect(one.text).toContain('■■■■■■□□□□ 60.0%');
    expect(one.text).toContain('cb-alice  已用 ¥60.00 / ¥100.00');
    const all = await answer(w, 'admin', 'billing');
    expect(all.text).toMatch(/cb-alice {2}已用 ¥60\.00 \/ ¥100\.00\n<font color='green'>■■■■■■□□□□ 60\.0%/);
    // the Billing button (billing.open) draws the same lines
    const detail = await answer(w, 'lead', 'user cb-alice');
    const opened = await click(
      w,
      'lead',
      detail.message.messageId,
      valueOf(detail.message.card, 'billing.open'),
    );
    expect(opened.cardUpdated).toBe(true);
    expect(cardText(w.feishu.message(detail.message.messageId)!.card)).toContain('■■■■■■□□□□ 60.0%');
    await setLocale(w, 'admin', 'en');
    try {
      const en = await answer(w, 'admin', 'bill cb-alice');
      expect(en.text).toContain('cb-alice  ¥60.00 of ¥100.00 used');
      expect(en.text).toContain('■■■■■■□□□□ 60.0%');
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it("an admin's sub-account card has Allocate: its form writes one allocation through the ledger", async () => {
    const before = await chain(w, alice);
    const card = await answer(w, 'admin', 'user cb-alice');
    const open = valueOf(card.message.card, 'quota.allocatePrompt');
    expect(card.text).toContain('划拨额度');
    const prompt = await click(w, 'admin', card.message.messageId, open);
    expect(prompt.cardUpdated).toBe(true);
    const form = w.feishu.message(card.message.messageId)!.card;
    expect(cardText(form)).toContain('划拨额度 · cb-alice');
    const submit = valueOf(form, 'quota.allocate');
    const f = FORM_FIELDS.allocate;
    // a bad amount is refused with a toast, nothing written, the form stays
    const refused = await click(w, 'admin', card.message.messageId, submit, {
      formValue: { [f.amount]: 'lots', [f.note]: 'x' },
    });
    expect(refused.toast?.type).toBe('error');
    expect(await chain(w, alice)).toEqual(before);
    const done = await click(w, 'admin', card.message.messageId, submit, {
      formValue: { [f.amount]: '1,000', [f.note]: '6 月预算' },
    });
    expect(JSON.stringify(done.toast)).toContain('已追加额度 ¥1,000.00');
    const after = cardText(w.feishu.message(card.message.messageId)!.card);
    expect(after).toContain('¥1,100.00');
    expect(await chain(w, alice)).toEqual([...before, '1000.00']);
  });

  it("a team lead's sub-account card has no Allocate button, and a forged click allocates nothing", async () => {
    const list = await answer(w, 'lead', 'users');
    const pick = valueOf(list.message.card, 'user.pick');
    const opened = await click(w, 'lead', list.message.messageId, pick, { option: alice.id });
    expect(opened.cardUpdated).toBe(true);
    const detail = w.feishu.message(list.message.messageId)!.card;
    expect(cardText(detail)).toContain('cb-alice');
    expect(actions(detail)).toContain('quota.applyPrompt');
    expect(actions(detail)).not.toContain('quota.allocatePrompt');
    expect(cardText(detail)).not.toContain('划拨额度');
    // the admin's card (opened the same way) does have it
    const adminList = await answer(w, 'admin', 'users');
    await click(w, 'admin', adminList.message.messageId, valueOf(adminList.message.card, 'user.pick'), {
      option: alice.id,
    });
    expect(actions(w.feishu.message(adminList.message.messageId)!.card)).toContain('quota.allocatePrompt');
    const before = await chain(w, alice);
    const forged = await click(
      w,
      'lead',
      list.message.messageId,
      { a: 'quota.allocate', v: 1, sub: alice.id },
      {
        formValue: { [FORM_FIELDS.allocate.amount]: '500', [FORM_FIELDS.allocate.note]: 'me' },
        allowUnknownValue: true,
      },
    );
    expect(JSON.stringify(forged.toast)).toContain('没有权限');
    expect(await chain(w, alice)).toEqual(before);
  });

  it('Remove on the project list (asked first) stops watching the project and detaches its policies', async () => {
    await answer(w, 'admin', '项目 添加 team-a proj-alpha');
    expect(scoped(w, 'team-a', 'TOSFullAccess')).toEqual(['proj-alpha']);
    const list = await answer(w, 'admin', '项目 列表 team-a', { chatId: teamChat });
    expect(list.text).toContain('team-a 的项目');
    const removeBtn = callbackValues(list.message.card).find(
      (v) => v.a === 'project.remove' && v.project === 'proj-alpha',
    )!;
    expect(removeBtn).toBeDefined();
    expect(JSON.stringify(list.message.card)).toContain('确定不再监控 proj-alpha（team-a）');
    const refused = await click(w, 'lead', list.message.messageId, removeBtn);
    expect(JSON.stringify(refused.toast)).toContain('没有权限');
    expect(await projectsOf(w, 'team-a')).toEqual([['proj-alpha', true]]);
    const res = await click(w, 'admin', list.message.messageId, removeBtn);
    expect(JSON.stringify(res.toast)).toContain('项目已移除');
    expect(await projectsOf(w, 'team-a')).toEqual([]);
    expect(scoped(w, 'team-a', 'TOSFullAccess')).toEqual([]);
    expect(scoped(w, 'team-a', 'ArkFullAccess')).toEqual([]);
    const reply = await waitFor('the project removed card', () =>
      w.feishu.messages({ chatId: teamChat }).find((m) => m.parentId === list.message.messageId),
    );
    expect(cardText(reply.card)).toContain('项目已移除');
  });

  it('Pause all / Resume all on the project list switch every project of the sub-account', async () => {
    await answer(w, 'admin', '项目 添加 team-b proj-beta');
    await answer(w, 'admin', '项目 添加 team-b proj-gamma');
    const list = await answer(w, 'admin', '项目 列表 team-b', { chatId: teamChat });
    const toggles = callbackValues(list.message.card).filter((v) => v.a === 'project.toggleAll');
    expect(toggles.map((v) => v.on)).toEqual([false, true]);
    expect(list.text).toContain('全部暂停计数');
    expect(list.text).toContain('全部恢复计数');
    const refused = await click(w, 'approver', list.message.messageId, toggles[0]!);
    expect(JSON.stringify(refused.toast)).toContain('没有权限');
    const off = await click(w, 'admin', list.message.messageId, toggles[0]!);
    expect(JSON.stringify(off.toast)).toContain('项目统计已切换');
    expect(await projectsOf(w, 'team-b')).toEqual([
      ['proj-beta', false],
      ['proj-gamma', false],
    ]);
    const on = await click(w, 'admin', list.message.messageId, toggles[1]!);
    expect(JSON.stringify(on.toast)).toContain('项目统计已切换');
    expect(await projectsOf(w, 'team-b')).toEqual([
      ['proj-beta', true],
      ['proj-gamma', true],
    ]);
  });
});
