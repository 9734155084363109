import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { systemActor } from '../../src/policies/actor.js';
import { addAccount } from '../../src/services/accounts/addAccount.js';
import { dbKinds } from '../support/databases.js';
import { answer, iamSeed, volcUser } from './iamSupport.js';
import { botMessages, cardText, click, valueOf, waitFor } from './support/chat.js';
import { startWorld, type World } from './support/world.js';

describe.each(dbKinds())('several Volcengine main accounts in the bot (%s)', (kind) => {
  let w: World;
  let secondId: string;
  beforeAll(async () => {
    w = await startWorld(kind, {
      volcSeed: {
        ...iamSeed,
        // More policies than one page of the policy list.
        customPolicies: Array.from({ length: 30 }, (_, i) => ({
          policyName: `TeamPolicy${i}`,
          policyDocument: { Statement: [{ Effect: 'Allow', Action: ['ark:Get*'] }] },
        })),
      },
      env: { AIRGATE_ENCRYPTION_KEY: randomBytes(32).toString('hex') },
    });
    // What `airgate account add second` stores (here the same simulated account, under another name).
    const second = await addAccount(w.deps, {
      actor: systemActor,
      name: 'second',
      accessKeyId: w.volc.credentials.accessKeyId,
      secretAccessKey: w.volc.credentials.secretAccessKey,
      endpoint: w.volc.url,
    });
    secondId = second.id;
    await addAccount(w.deps, {
      actor: systemActor,
      name: 'broken',
      accessKeyId: w.volc.credentials.accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      endpoint: w.volc.url,
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('asks which account with a picker card, and a click runs the command on that one', async () => {
    const r = await answer(w, 'admin', '用户 同步');
    expect(r.text).toContain('选择主账号');
    expect(r.text).not.toContain('有多个主账号，请指明其一：');
    const pick = valueOf(r.message.card, 'account.pick');
    expect(pick).toMatchObject({ cmd: '用户 同步' });
    const before = botMessages(w, { dmOf: 'admin' }).length;
    await click(w, 'admin', r.message.messageId, { ...pick, account: 'second' });
    const report = await waitFor('the sync report of account second', () =>
      botMessages(w, { dmOf: 'admin' })
        .slice(before)
        .map((m) => cardText(m.card ?? {}))
        .find((t) => t.includes('legacy-two')),
    );
    expect(report).toContain('second');
    const synced = await withReader(w.deps.db, (m) =>
      w.deps.repos.subAccounts.list(m, { accountId: secondId }),
    );
    expect(synced.map((s) => s.userName)).toContain('legacy-two');
  });

  it('takes the account by name: 账号=, account= and --account', async () => {
    const projects = await answer(w, 'admin', '项目 列表 账号=second');
    expect(projects.text).toContain('proj-alpha');
    const policies = await answer(w, 'admin', 'policy list --account default');
    expect(policies.text).toContain('ArkFullAccess');
    const imported = await answer(w, 'admin', 'user import legacy-three account=second');
    expect(imported.text).toContain('legacy-three');
    const created = await answer(w, 'admin', '用户 创建 acct-made 账号＝second');
    expect(created.text).toContain('子账号 acct-made 已创建');
    expect(volcUser(w, 'acct-made')).toBeDefined();
    const sub = await withReader(w.deps.db, (m) =>
      w.deps.repos.subAccounts.findByAccountAndName(m, secondId, 'acct-made'),
    );
    expect(sub?.status).toBe('active');
    const unknown = await answer(w, 'admin', '项目 列表 账号=nope');
    expect(unknown.text).toContain('nope');
  });

  it('keeps the account named when paging through its policies', async () => {
    const r = await answer(w, 'admin', '策略 列表 账号=second');
    const next = valueOf(r.message.card, 'policies.page');
    expect(next).toMatchObject({ page: 2, acct: 'second' });
    const paged = await click(w, 'admin', r.message.messageId, next);
    expect(paged.error).toBeUndefined();
    expect(paged.cardUpdated).toBe(true);
    expect(paged.toast).toBeUndefined();
  });

  it('lists the main accounts with their health from doctor’s checks (admins only)', async () => {
    const r = await answer(w, 'admin', '账号');
    expect(r.text).toContain('火山引擎主账号');
    expect(r.text).toMatch(/second \| AKLT…\w{4} \| [\w-]+ \| ✅ 正常/);
    expect(r.text).toMatch(/broken \| .*❌ 签名不匹配/);
    expect(r.text).toContain('default');
    const viewer = await answer(w, 'viewer', 'accounts');
    expect(viewer.text).toContain('没有权限');
  });
});
