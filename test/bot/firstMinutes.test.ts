import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { givenAllocation, givenProject } from '../support/factories.js';
import { answer, subAccountNamed, volcUser } from './iamSupport.js';
import {
  botMessages,
  callbackValues,
  cardText,
  click,
  say,
  settled,
  valueOf,
  waitFor,
} from './support/chat.js';
import { givenSubAccount, startWorld, type World } from './support/world.js';

describe.each(dbKinds())('the first ten minutes in the chat (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, {
      volcSeed: {
        projects: [{ projectName: 'fm-run' }, { projectName: 'fm-mobile' }, { projectName: 'fm-new' }],
        users: [{ userName: 'sunqi', accessKeys: [{}] }],
      },
    });
    await givenSubAccount(w, { userName: 'fm-owner', projects: { 'fm-mobile': '0' }, quota: '10' });
    await givenSubAccount(w, {
      userName: 'fm-leo',
      owner: 'lead',
      projects: { 'fm-p1': '30' },
      quota: '100',
    });
    await givenSubAccount(w, {
      userName: 'fm-liz-a',
      owner: 'lead2',
      projects: { 'fm-p2': '5' },
      quota: '50',
    });
    await givenSubAccount(w, {
      userName: 'fm-liz-b',
      owner: 'lead2',
      projects: { 'fm-p3': '1' },
      quota: '10',
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('额度 alone: a lead with one sub-account sees its quota; with several, a picker that opens one', async () => {
    for (const text of ['额度', '我的额度']) {
      const one = await say(w, 'lead', text);
      expect(one.text).toContain('fm-leo');
      expect(one.text).toContain('¥100.00');
      expect(one.text).not.toContain('缺少参数');
    }
    const several = await say(w, 'lead2', '额度');
    expect(several.text).toContain('fm-liz-a');
    expect(several.text).toContain('fm-liz-b');
    expect(several.text).not.toContain('fm-leo');
    const b = callbackValues(several.card).filter((v) => v.a === 'quota.open');
    expect(b).toHaveLength(2);
    const opened = await click(w, 'lead2', several.message.messageId, b[1]!);
    expect(opened.cardUpdated).toBe(true);
    const text = cardText(w.feishu.message(several.message.messageId)!.card);
    expect(text).toContain('fm-liz-b');
    expect(text).toContain('¥10.00');
    const en = await say(w, 'lead2', 'my quota');
    expect(en.text).toContain('fm-liz-a');
    expect(valueOf(en.card, 'quota.open')).toBeTruthy();
  });

  it('用户 启用 over quota asks first (the next check would disable it again); cancel changes nothing', async () => {
    await answer(w, 'admin', '用户 导入 sunqi');
    const sub = (await subAccountNamed(w, 'sunqi'))!;
    await givenProject(w.deps, sub, 'fm-run', { spent: '102.30', countsFrom: '2026-01-01' });
    await givenAllocation(w.deps, sub.id, '100');
    await answer(w, 'admin', '用户 禁用 sunqi');
    expect(volcUser(w, 'sunqi')!.accessKeys[0]!.status).toBe('inactive');

    const ask = await answer(w, 'admin', '用户 启用 sunqi');
    expect(ask.text).toContain('该子账号已用 102.3%，启用后下一次检查会再次停用；先分配额度？');
    expect(ask.text).toContain('划拨 sunqi');
    expect(volcUser(w, 'sunqi')!.accessKeys[0]!.status).toBe('inactive');
    expect((await subAccountNamed(w, 'sunqi'))!.status).toBe('disabled');

    const cancel = await click(
      w,
      'admin',
      ask.message.messageId,
      valueOf(ask.message.card, 'confirm.cancel'),
    );
    expect(cancel.cardUpdated).toBe(true);
    expect(cardText(w.feishu.message(ask.message.messageId)!.card)).toContain('未做任何更改');
    expect(volcUser(w, 'sunqi')!.accessKeys[0]!.status).toBe('inactive');

    const again = await answer(w, 'admin', '用户 启用 sunqi');
    const force = valueOf(again.message.card, 'user.enable');
    expect(force.force).toBe(true);
    await click(w, 'admin', again.message.messageId, force);
    await waitFor('sunqi enabled', async () =>
      (await subAccountNamed(w, 'sunqi'))!.status === 'active' ? true : undefined,
    );
    expect(volcUser(w, 'sunqi')!.accessKeys[0]!.status).toBe('active');
    await waitFor(
      'the enabled card',
      () =>
        botMessages(w, { dmOf: 'admin' }).some((m) => cardText(m.card).includes('子账号已启用')) || undefined,
    );
    await settled(w);

    await answer(w, 'admin', '用户 禁用 sunqi');
    const typed = await answer(w, 'admin', '用户 启用 sunqi 强制');
    expect(typed.text).toContain('子账号已启用');
    expect(volcUser(w, 'sunqi')!.accessKeys[0]!.status).toBe('active');
  });

  it('user create with a project someone else owns creates nothing and names the owner', async () => {
    const r = await answer(w, 'admin', 'user create tom fm-mobile');
    expect(r.text).toContain('项目 fm-mobile 已由子账号 fm-owner 监控');
    expect(r.text).not.toContain('内部错误');
    expect(volcUser(w, 'tom')).toBeUndefined();
    expect(await subAccountNamed(w, 'tom')).toBeNull();
  });

  it('every request id a card shows can be found in the log', async () => {
    w.volc.setFaults({ errorRate: 1 });
    let r;
    try {
      r = await answer(w, 'admin', 'user create tina');
    } finally {
      w.volc.setFaults({ errorRate: 0 });
    }
    // Both AirGate's and Volcengine's request ids: an operator quoting either finds the failure.
    const ids = [...r.text.matchAll(/请求编号\*\*\n(\w+)/g)].map((m) => m[1]!);
    expect(ids, JSON.stringify(r.text)).toHaveLength(2);
    for (const id of ids)
      expect(
        w.logs.some((l) => l.includes(id) && /"level":"(warn|error)"/.test(l)),
        id,
      ).toBe(true);
  });

  it('a new sub-account at quota 0 is warned about on its creation and project cards', async () => {
    const created = await answer(w, 'admin', '用户 创建 zoe');
    expect(created.text).toContain('额度为 0，首笔消费即会被停用；请先分配额度');
    expect(created.text).toContain('划拨 zoe');
    const added = await answer(w, 'admin', '项目 添加 zoe fm-new');
    expect(added.text).toContain('额度为 0，首笔消费即会被停用');
    expect(valueOf(added.message.card, 'quota.applyPrompt')).toBeTruthy();
    const sub = (await subAccountNamed(w, 'zoe'))!;
    await givenAllocation(w.deps, sub.id, '50');
    await answer(w, 'admin', '项目 移除 zoe fm-new');
    const again = await answer(w, 'admin', '项目 添加 zoe fm-new');
    expect(again.text).not.toContain('额度为 0');
  });

  it('the ledger names who and how in natural words: 系统, Ada Admin（对话）', async () => {
    await say(w, 'admin', '划拨 fm-leo 5 加一点');
    const r = await say(w, 'viewer', '流水 fm-leo');
    expect(r.text).toContain('Ada Admin（对话）');
    expect(r.text).toContain('| 系统 |');
    expect(r.text).not.toContain('(system)');
    expect(r.text).not.toContain('(chat)');
  });
});
