import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolcSeed } from '../../src/sim/volc/seed.js';
import { dbKinds } from '../support/databases.js';
import { click, valueOf } from './support/chat.js';
import { setLocale, startWorld, type World } from './support/world.js';
import { answer, volcUser } from './iamSupport.js';

const seed: VolcSeed = {
  projects: [{ projectName: 'proj-alpha' }, { projectName: 'proj-beta' }],
  users: [{ userName: 'pol-user', accessKeys: [{}], policies: [{ policyName: 'ArkReadOnlyAccess' }] }],
  // enough policies for the catalogue to need a second page (25 a page)
  customPolicies: Array.from({ length: 15 }, (_, i) => ({
    policyName: `zz-custom-${String(i + 1).padStart(2, '0')}`,
  })),
};

const policiesOf = (w: World) => volcUser(w, 'pol-user')!.policies;

describe.each(dbKinds())('policy commands through the simulators (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { volcSeed: seed });
    await answer(w, 'admin', '用户 导入 pol-user');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('policy list shows the policies Volcengine offers, and one sub-account’s with their scopes', async () => {
    const all = await answer(w, 'viewer', '策略 列表');
    expect(all.text).toContain('火山引擎策略');
    expect(JSON.stringify(all.message.card)).toContain('ArkFullAccess');
    const mine = await answer(w, 'viewer', 'policy list pol-user');
    expect(mine.text).toContain('pol-user 的策略');
    expect(JSON.stringify(mine.message.card)).toContain('ArkReadOnlyAccess');
    expect(JSON.stringify(mine.message.card)).toContain('整个账号');
    const miss = await answer(w, 'viewer', 'policy list pol-usr');
    expect(miss.text).toContain('pol-user');
  });

  it('pages through the catalogue with Next', async () => {
    const all = await answer(w, 'viewer', 'policies');
    expect(JSON.stringify(all.message.card)).not.toContain('zz-custom-15');
    const res = await click(w, 'viewer', all.message.messageId, valueOf(all.message.card, 'policies.page'));
    expect(res.cardUpdated).toBe(true);
    expect(JSON.stringify(w.feishu.message(all.message.messageId)!.card)).toContain('zz-custom-15');
  });

  it('policy attach grants account-wide or in one project; detach takes it back', async () => {
    const global = await answer(w, 'admin', '策略 绑定 pol-user TOSReadOnlyAccess');
    expect(global.text).toContain('策略已绑定');
    expect(global.text).toContain('整个账号');
    expect(policiesOf(w)).toContainEqual({ policyName: 'TOSReadOnlyAccess', policyType: 'System' });
    const inProject = await answer(w, 'admin', '策略 绑定 pol-user ArkFullAccess proj-beta');
    expect(inProject.text).toContain('proj-beta');
    expect(policiesOf(w)).toContainEqual(
      expect.objectContaining({ policyName: 'ArkFullAccess', projects: ['proj-beta'] }),
    );
    const listed = await answer(w, 'admin', 'policy list pol-user');
    expect(JSON.stringify(listed.message.card)).toContain('proj-beta');
    const detached = await answer(w, 'admin', '策略 解绑 pol-user ArkFullAccess proj-beta');
    expect(detached.text).toContain('策略已解绑');
    expect(policiesOf(w).some((p) => p.policyName === 'ArkFullAccess')).toBe(false);
  });

  it('policy attach and detach in English', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const r = await answer(w, 'admin', 'policy attach pol-user ECSReadOnlyAccess');
      expect(r.text).toContain('Policy attached');
      expect(r.text).toContain('whole account');
      const d = await answer(w, 'admin', 'policy detach pol-user ECSReadOnlyAccess');
      expect(d.text).toContain('Policy detached');
      expect(policiesOf(w).some((p) => p.policyName === 'ECSReadOnlyAccess')).toBe(false);
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('refuses unknown policies and projects (with suggestions), bad types and non-admins', async () => {
    const before = JSON.stringify(policiesOf(w));
    const typo = await answer(w, 'admin', '策略 绑定 pol-user ArkFullAcces');
    expect(typo.text).toContain('找不到策略');
    expect(typo.text).toContain('ArkFullAccess');
    const project = await answer(w, 'admin', '策略 绑定 pol-user ArkFullAccess proj-bta');
    expect(project.text).toContain('找不到项目');
    expect(project.text).toContain('proj-beta');
    const badType = await answer(w, 'admin', '策略 绑定 pol-user Foo:Bar');
    expect(badType.text).toContain('策略类型须为 System 或 Custom');
    const notAttached = await answer(w, 'admin', 'policy detach pol-user ArkFullAccess');
    expect(notAttached.text).toContain('ArkFullAccess');
    const refused = await answer(w, 'lead', 'policy attach pol-user ArkFullAccess');
    expect(refused.text).toContain('没有权限');
    const missing = await answer(w, 'admin', 'policy attach pol-user');
    expect(missing.text).toContain('缺少参数「策略」');
    expect(JSON.stringify(policiesOf(w))).toBe(before);
  });
});
