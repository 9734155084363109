import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { dbKinds } from '../support/databases.js';
import { post, startProxy } from '../feishu/support/harness.js';
import { botMessages, say, settled, waitFor } from './support/chat.js';
import { givenSubAccount, setLocale, startWorld, type World } from './support/world.js';

async function chain(w: World, sub: SubAccountDto) {
  return (await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id))).map((e) =>
    e.amount.toFixed(2),
  );
}

async function fresh(w: World, sub: SubAccountDto) {
  return (await withReader(w.deps.db, (m) => w.deps.repos.subAccounts.findById(m, sub.id)))!;
}

describe.each(dbKinds())('the quota commands (%s)', (kind) => {
  let w: World;
  let sub: SubAccountDto;
  beforeAll(async () => {
    w = await startWorld(kind);
    sub = await givenSubAccount(w, {
      userName: 'q-alice',
      owner: 'lead',
      projects: { 'q-p': '60' },
      quota: '100',
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('allocate and deduct write one ledger entry each and show the quota after', async () => {
    const a = await say(w, 'admin', '划拨 q-alice 1,000 月度追加');
    expect(a.text).toContain('已为 **q-alice** 追加 ¥1,000.00 额度');
    expect(a.text).toContain('Ada Admin');
    expect(a.text).toContain('¥1,100.00');
    const d = await say(w, 'admin', '扣减 q-alice ¥50.5 退回多余额度');
    expect(d.text).toContain('#3');
    expect(d.text).toContain('¥1,049.50');
    expect(await chain(w, sub)).toEqual(['100.00', '1000.00', '-50.50']);
    await setLocale(w, 'admin', 'en');
    try {
      const en = await say(w, 'admin', 'allocate q-alice 1万 big run');
      expect(en.text).toContain('Added ¥10,000.00 to **q-alice**');
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('keeps two people on every allocation: an approver can neither allocate nor deduct directly', async () => {
    const before = await chain(w, sub);
    for (const text of ['分配 q-alice 100 myself', '扣减 q-alice 1 myself']) {
      const r = await say(w, 'approver', text);
      expect(r.text).toContain('没有权限');
      expect(r.text).toContain('管理员');
    }
    expect(await chain(w, sub)).toEqual(before);
  });

  it('refuses a deduction below what was spent, naming the most that can be taken, and writes nothing', async () => {
    const before = await chain(w, sub);
    const r = await say(w, 'admin', '扣减 q-alice 999999 too much');
    expect(r.text).toContain('最多可扣减');
    expect(await chain(w, sub)).toEqual(before);
  });

  it('refuses bad amounts and missing notes with the usage, and writes nothing', async () => {
    const before = await chain(w, sub);
    for (const [input, reason] of [
      ['划拨 q-alice -5 x', '金额必须大于 0'],
      ['划拨 q-alice 1e309 x', '无效金额'],
      ['划拨 q-alice 1.1234567 x', '最多两位小数'],
      ['划拨 q-alice 100', '缺少参数「备注」'],
      ['扣减 q-alice NaN x', '无效金额'],
    ] as const) {
      const r = await say(w, 'admin', input);
      expect(r.text).toContain(reason);
      expect(r.text).toMatch(/`(分配|扣减) 名称 金额 备注`/);
    }
    expect(await chain(w, sub)).toEqual(before);
  });

  it('leads and viewers cannot allocate or deduct', async () => {
    const before = await chain(w, sub);
    expect((await say(w, 'lead', '划拨 q-alice 100 mine')).text).toContain('没有权限');
    expect((await say(w, 'viewer', 'deduct q-alice 1 x')).text).toContain('没有权限');
    expect(await chain(w, sub)).toEqual(before);
  });

  it('books one entry when Feishu delivers the same message twice', async () => {
    const before = (await chain(w, sub)).length;
    const proxy = await startProxy(() => ({ to: w.airgate.url }));
    try {
      w.feishu.setEventUrl(`${proxy.url}/feishu/events`);
      const r = await say(w, 'admin', '划拨 q-alice 7 once');
      expect(r.text).toContain('¥7.00');
      const again = await post(w.airgate.url, proxy.captured.at(-1)!);
      expect(again.status).toBe(200);
    } finally {
      w.feishu.setEventUrl(`${w.airgate.url}/feishu/events`);
      await proxy.close();
    }
    await settled(w);
    expect(await chain(w, sub)).toHaveLength(before + 1);
    expect(
      botMessages(w, { dmOf: 'admin' }).filter((m) => JSON.stringify(m.card).includes('once')),
    ).toHaveLength(1);
  });

  it('apply: a lead for their own sub-account files a request; viewers cannot', async () => {
    const r = await say(w, 'lead', '申请 q-alice 300 “GPU 训练”');
    expect(r.text).toContain('额度申请 · q-alice · ¥300.00');
    expect(r.text).toContain('GPU 训练');
    await waitFor('the approvers’ copies', () =>
      botMessages(w, { dmOf: 'approver' }).find((m) => JSON.stringify(m.card).includes('GPU 训练')),
    );
    const requests = await withReader(w.deps.db, (m) =>
      w.deps.repos.quotaRequests.list(m, { subAccountId: sub.id, limit: 10 }),
    );
    expect(requests).toHaveLength(1);
    expect((await say(w, 'viewer', '申请 q-alice 300 please')).text).toContain('没有权限');
    expect((await say(w, 'lead', '申请 q-alice 300')).text).toContain('缺少参数「理由」');
    expect(
      await withReader(w.deps.db, (m) =>
        w.deps.repos.quotaRequests.list(m, { subAccountId: sub.id, limit: 10 }),
      ),
    ).toHaveLength(1);
  });

  it('thresholds NAME: set and back to default (admin only)', async () => {
    const set = await say(w, 'admin', '阈值 q-alice 60，85、95');
    expect(set.text).toContain('60% / 85% / 95%');
    expect((await fresh(w, sub)).thresholds).toEqual([60, 85, 95]);
    const cleared = await say(w, 'admin', 'thresholds q-alice default');
    expect(cleared.text).toContain('恢复使用全局告警阈值');
    expect((await fresh(w, sub)).thresholds).toBeNull();
    const refused = (await say(w, 'admin', '阈值 q-alice 50,120')).text;
    expect(refused).toContain('无效的阈值：50,120。阈值写成 50,80,90');
    expect(refused).not.toMatch(/chat_thresholds_invalid|invalid thresholds/);
    expect((await say(w, 'approver', '阈值 q-alice 50')).text).toContain('没有权限');
    expect((await fresh(w, sub)).thresholds).toBeNull();
  });

  it('check: runs a spending check now and says what it did; viewers cannot', async () => {
    expect((await say(w, 'viewer', '检查')).text).toContain('没有权限');
    const r = await say(w, 'approver', '检查');
    expect(r.text).toContain('消费检查');
    // Another check on the same MariaDB server (GET_LOCK is server-wide) makes this one say it is busy.
    expect(r.text).toMatch(/检查时间|另一轮检查正在进行/);
    expect((await say(w, 'approver', 'check now')).text).toContain('多余的参数');
  });
});
