import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolcSeed } from '../../src/sim/volc/seed.js';
import { dbKinds } from '../support/databases.js';
import { setLocale, startWorld, type World } from './support/world.js';
import { answer, volcUser } from './iamSupport.js';

const seed: VolcSeed = {
  projects: [{ projectName: 'proj-alpha' }],
  users: [{ userName: 'wide-user', accessKeys: [{}] }],
};

const held = (w: World) => volcUser(w, 'wide-user')!.policies.map((p) => p.policyName);

describe.each(dbKinds())('an account-wide policy that can spend, from the bot (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, { volcSeed: seed });
    await answer(w, 'admin', '用户 导入 wide-user');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('is refused without 全账号, saying why; with it, it is attached and the card warns', async () => {
    const refused = await answer(w, 'admin', '策略 绑定 wide-user ArkFullAccess');
    expect(refused.text).toContain('监控项目之外的消费不计入任何额度');
    expect(held(w)).not.toContain('ArkFullAccess');
    const done = await answer(w, 'admin', '策略 绑定 wide-user ArkFullAccess 全账号');
    expect(done.text).toContain('策略已绑定');
    expect(done.text).toContain('整个账号');
    expect(done.text).toContain('这部分消费不计入任何额度');
    expect(held(w)).toContain('ArkFullAccess');
    await answer(w, 'admin', '策略 解绑 wide-user ArkFullAccess');
  });

  it('in English: refused, then attached with account-wide and a warning; a read-only one has no warning', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      const refused = await answer(w, 'admin', 'policy attach wide-user TOSFullAccess');
      expect(refused.text).toContain('counted against no quota');
      expect(held(w)).not.toContain('TOSFullAccess');
      const done = await answer(w, 'admin', 'policy attach wide-user TOSFullAccess account-wide');
      expect(done.text).toContain('Policy attached');
      expect(done.text).toContain('can now spend outside its monitored projects');
      const read = await answer(w, 'admin', 'policy attach wide-user TOSReadOnlyAccess');
      expect(read.text).toContain('Policy attached');
      expect(read.text).not.toContain('counted against no quota');
      const scoped = await answer(w, 'admin', 'policy attach wide-user ArkFullAccess proj-alpha');
      expect(scoped.text).toContain('proj-alpha');
      expect(scoped.text).not.toContain('counted against no quota');
    } finally {
      await setLocale(w, 'admin', null);
    }
  });
});
