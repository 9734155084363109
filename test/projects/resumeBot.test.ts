import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsNull } from 'typeorm';
import { ProjectPause } from '../../src/db/entities/projectPause.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { click, valueOf, waitFor } from '../bot/support/chat.js';
import { setLocale, startWorld, type World } from '../bot/support/world.js';
import { answer, subAccountNamed } from '../bot/iamSupport.js';
import { auditActions } from '../services/iam/support.js';

const DAY = 86_400_000;

describe.each(dbKinds())('resuming a paused project in the bot (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind, {
      volcSeed: {
        projects: [{ projectName: 'proj-a' }, { projectName: 'proj-b' }],
        users: [{ userName: 'team-a', accessKeys: [{}] }],
      },
    });
    await answer(w, 'admin', '用户 导入 team-a');
    await answer(w, 'admin', '项目 添加 team-a proj-a');
    await answer(w, 'admin', '项目 添加 team-a proj-b');
  });
  afterAll(async () => w?.close());

  /** The open pauses began `days` ago (the bot's clock cannot be moved: Feishu signs with the wall clock). */
  const pausedAgo = (days: number) =>
    inTransaction(w.deps.db, (tx) =>
      tx
        .getRepository(ProjectPause)
        .update({ resumedAt: IsNull() }, { pausedAt: new Date(w.deps.clock.now().getTime() - days * DAY) }),
    );

  const monitored = async () => {
    const sub = (await subAccountNamed(w, 'team-a'))!;
    const rows = await withReader(w.deps.db, (m) => w.deps.repos.projects.listBySubAccount(m, sub.id));
    return Object.fromEntries(rows.map((p) => [p.projectName, p.monitored]));
  };

  it('asks before resuming, with the paused days and the rule; 不计入 resumes once, a second click changes nothing', async () => {
    await answer(w, 'admin', '项目 切换 team-a proj-a 关');
    await pausedAgo(3);
    const ask = await answer(w, 'admin', '项目 切换 team-a proj-a 开');
    expect(ask.text).toContain('恢复统计前');
    expect(ask.text).toContain('暂停当天和恢复当天的消费照常计入');
    expect(ask.text).toMatch(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2} 的消费 未知/);
    expect(ask.text).toContain('计入额度');
    expect((await monitored())['proj-a']).toBe(false);

    const skip = valueOf(ask.message.card, 'project.resume');
    const no = { ...skip, count: false };
    const first = await click(w, 'admin', ask.message.messageId, no);
    expect(JSON.stringify(first.toast)).toContain('项目统计已切换');
    expect((await monitored())['proj-a']).toBe(true);
    await click(w, 'admin', ask.message.messageId, { ...skip, count: true });
    await waitFor(
      'the replies',
      async () => (await w.deps.outbox.stats(w.deps.db)).pending === 0 || undefined,
    );
    const sub = (await subAccountNamed(w, 'team-a'))!;
    const decisions = (await auditActions(w.deps, sub.id)).filter((a) => a === 'project.paused_spending');
    expect(decisions).toHaveLength(1);
  });

  it('Undo on the pause card asks the same question instead of resuming', async () => {
    const off = await answer(w, 'admin', '项目 切换 team-a proj-b 关');
    await pausedAgo(3);
    const res = await click(w, 'admin', off.message.messageId, valueOf(off.message.card, 'project.toggle'));
    expect(JSON.stringify(res.toast)).toContain('请先选择暂停期间的消费是否计入额度');
    expect((await monitored())['proj-b']).toBe(false);
    await waitFor(
      'the question',
      async () => (await w.deps.outbox.stats(w.deps.db)).pending === 0 || undefined,
    );
    const asked = w.feishu.messages({ from: 'bot' }).at(-1)!;
    expect(JSON.stringify(asked.card)).toContain('恢复统计前');
    await click(w, 'admin', asked.messageId, valueOf(asked.card, 'project.resume'));
    expect((await monitored())['proj-b']).toBe(true);
    await waitFor(
      'the replies',
      async () => (await w.deps.outbox.stats(w.deps.db)).pending === 0 || undefined,
    );
  });

  it('the typed answer (en) and toggle-all ask once for every paused project', async () => {
    await setLocale(w, 'admin', 'en');
    try {
      await answer(w, 'admin', 'project toggle-all team-a off');
      await pausedAgo(2);
      const ask = await answer(w, 'admin', 'project toggle-all team-a on');
      expect(ask.text).toContain('Before resuming: does the paused period count against the quota?');
      expect(ask.text).toContain('2 of **team-a**');
      expect(ask.text).toContain("Don't count any");
      expect(ask.text).toContain('the day of the pause and the day of the resume count in full');
      expect(await monitored()).toEqual({ 'proj-a': false, 'proj-b': false });
      const done = await answer(w, 'admin', 'project toggle-all team-a on skip');
      expect(done.text).toContain('does not count');
      expect(await monitored()).toEqual({ 'proj-a': true, 'proj-b': true });
    } finally {
      await setLocale(w, 'admin', null);
    }
  });
});
