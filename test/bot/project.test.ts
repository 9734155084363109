import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import type { VolcSeed } from '../../src/sim/volc/seed.js';
import { dbKinds } from '../support/databases.js';
import { click, valueOf, waitFor } from './support/chat.js';
import { setLocale, startWorld, teamChat, type World } from './support/world.js';
import { answer, subAccountNamed, volcUser } from './iamSupport.js';

const seed: VolcSeed = {
  projects: [
    { projectName: 'proj-alpha', displayName: 'Alpha' },
    { projectName: 'proj-beta', displayName: 'Beta' },
    { projectName: 'proj-gamma', displayName: 'Gamma' },
    // enough projects for the list to need a second page (20 a page)
    ...Array.from({ length: 20 }, (_, i) => ({ projectName: `bulk-${String(i + 1).padStart(2, '0')}` })),
  ],
  users: [
    { userName: 'team-a', accessKeys: [{}] },
    // already holds ArkFullAccess inside proj-gamma: adding proj-gamma must not claim it
    {
      userName: 'team-b',
      accessKeys: [{}],
      policies: [{ policyName: 'ArkFullAccess', projects: ['proj-gamma'] }],
    },
  ],
};

const scoped = (w: World, user: string, policy: string) =>
  volcUser(w, user)!.policies.find((p) => p.policyName === policy && 'projects' in p)?.projects ?? [];

describe.each(dbKinds())('project commands through the simulators (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { volcSeed: seed });
    await answer(w, 'admin', '用户 导入 team-a');
    await answer(w, 'admin', '用户 导入 team-b');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('project add attaches the default policies in that project only, and the card lists them', async () => {
    const r = await answer(w, 'admin', '项目 添加 team-a proj-alpha');
    expect(r.text).toContain('项目已添加');
    expect(r.text).toContain('ArkFullAccess、TOSFullAccess');
    expect(scoped(w, 'team-a', 'ArkFullAccess')).toEqual(['proj-alpha']);
    expect(scoped(w, 'team-a', 'TOSFullAccess')).toEqual(['proj-alpha']);
    const sub = (await subAccountNamed(w, 'team-a'))!;
    const rows = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
    expect(rows.map((p) => [p.projectName, p.monitored])).toEqual([['proj-alpha', true]]);
  });

  it('project add (en) says which policies were already held and leaves them alone', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const r = await answer(w, 'admin', 'project add team-b proj-gamma');
      expect(r.text).toContain('Project added');
      expect(r.text).toContain('Already attached, left as they were: ArkFullAccess');
      const removed = await answer(w, 'admin', 'project remove team-b proj-gamma');
      expect(removed.text).toContain('Project removed');
      expect(removed.text).toContain('TOSFullAccess');
      expect(scoped(w, 'team-b', 'ArkFullAccess')).toEqual(['proj-gamma']);
      expect(scoped(w, 'team-b', 'TOSFullAccess')).toEqual([]);
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('refuses unknown and taken projects, missing words and non-admins, changing nothing', async () => {
    const unknown = await answer(w, 'admin', '项目 添加 team-b proj-bta');
    expect(unknown.text).toContain('找不到项目');
    expect(unknown.text).toContain('proj-beta');
    const taken = await answer(w, 'admin', '项目 添加 team-b proj-alpha');
    expect(taken.text).toContain('已由子账号 team-a 监控');
    const missing = await answer(w, 'admin', 'project add team-b');
    expect(missing.text).toContain('缺少参数「项目」');
    const refused = await answer(w, 'lead', 'project add team-b proj-beta');
    expect(refused.text).toContain('没有权限');
    expect(scoped(w, 'team-b', 'TOSFullAccess')).toEqual([]);
    const noSuch = await answer(w, 'admin', '项目 移除 team-b proj-beta');
    expect(noSuch.text).toContain('proj-beta');
  });

  it('project list offers the free projects in a dropdown; picking one adds it and refreshes the list', async () => {
    const list = await answer(w, 'lead', '项目 列表');
    const json = JSON.stringify(list.message.card);
    expect(list.text).toContain('火山引擎项目');
    expect(json).toContain('team-a');
    const forSub = await answer(w, 'admin', '项目 列表 team-b', { chatId: teamChat });
    const pick = valueOf(forSub.message.card, 'project.pick');
    const refused = await click(w, 'lead', forSub.message.messageId, pick, { option: 'proj-beta' });
    expect(JSON.stringify(refused.toast)).toContain('没有权限');
    const res = await click(w, 'admin', forSub.message.messageId, pick, { option: 'proj-beta' });
    expect(JSON.stringify(res.toast)).toContain('项目已添加');
    expect(res.cardUpdated).toBe(true);
    expect(scoped(w, 'team-b', 'TOSFullAccess')).toEqual(['proj-beta']);
    const refreshed = w.feishu.message(forSub.message.messageId)!;
    expect(JSON.stringify(refreshed.card)).toMatch(/proj-beta[^}]*team-b/);
    await waitFor('the project added card', () =>
      w.feishu.messages({ chatId: teamChat }).find((m) => m.parentId === forSub.message.messageId),
    );
  });

  it('project list pages through 23 projects with Next', async () => {
    const list = await answer(w, 'admin', 'project list');
    expect(JSON.stringify(list.message.card)).not.toContain('bulk-20');
    const next = valueOf(list.message.card, 'projects.page');
    const res = await click(w, 'admin', list.message.messageId, next);
    expect(res.cardUpdated).toBe(true);
    expect(JSON.stringify(w.feishu.message(list.message.messageId)!.card)).toContain('bulk-20');
  });

  it('project toggle pauses and resumes one project; Undo switches it back', async () => {
    const off = await answer(w, 'admin', '项目 切换 team-a proj-alpha', { chatId: teamChat });
    expect(off.text).toContain('已暂停统计');
    const sub = (await subAccountNamed(w, 'team-a'))!;
    const monitored = async () =>
      (await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id)))[0]!.monitored;
    expect(await monitored()).toBe(false);
    const undo = valueOf(off.message.card, 'project.toggle');
    expect(undo).toMatchObject({ project: 'proj-alpha', on: true });
    const res = await click(w, 'admin', off.message.messageId, undo);
    expect(JSON.stringify(res.toast)).toContain('项目统计已切换');
    expect(await monitored()).toBe(true);
    const same = await answer(w, 'admin', 'project toggle team-a proj-alpha on');
    expect(same.text).toContain('监控中');
    const bad = await answer(w, 'admin', 'project toggle team-a proj-alpha maybe');
    expect(bad.text).toContain('只能写 开 或 关');
    expect(await monitored()).toBe(true);
  });

  it('project toggle-all pauses every project when any counts, then resumes them (en)', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const off = await answer(w, 'admin', 'project toggle-all team-b');
      expect(off.text).toContain("All of **team-b**'s projects now");
      expect(off.text).toContain('paused');
      const on = await answer(w, 'admin', 'project toggle-all team-b');
      expect(on.text).toContain('monitored');
      const refused = await answer(w, 'approver', 'project toggle-all team-b off');
      expect(refused.text).toContain('没有权限');
    } finally {
      await setLocale(w, 'admin', null);
    }
  });
});
