import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { billDay, billPeriod } from '../../src/domain/billingPeriod.js';
import { dbKinds } from '../support/databases.js';
import { callbackValues, cardText, click, say, valueOf } from './support/chat.js';
import { givenSubAccount, setLocale, startWorld, type World } from './support/world.js';

describe.each(dbKinds())('the read commands (%s)', (kind) => {
  let w: World;
  let month: string;
  beforeAll(async () => {
    w = await startWorld(kind);
    month = billPeriod(w.deps.clock.now());
    const today = billDay(w.deps.clock.now());
    await givenSubAccount(w, { userName: 'rd-over', projects: { 'rd-p1': '130' }, quota: '100' });
    await givenSubAccount(w, {
      userName: 'rd-near',
      owner: 'lead',
      projects: { 'rd-p2': '95', 'rd-p3': '0' },
      quota: '100',
    });
    await givenSubAccount(w, { userName: 'rd-off', status: 'disabled', quota: '10' });
    // Enough sub-accounts for three pages of the users list (20 a page).
    for (let i = 0; i < 42; i++)
      await givenSubAccount(w, { userName: `rd-bulk-${String(i).padStart(2, '0')}` });
    await inTransaction(w.deps.db, async (tx) => {
      await w.deps.repos.spending.upsertDays(
        tx,
        [
          { accountId: w.accountId, projectName: 'rd-p1', day: today, amount: money('130') },
          { accountId: w.accountId, projectName: 'rd-p2', day: `${month}-01`, amount: money('40.5') },
          { accountId: w.accountId, projectName: 'rd-p2', day: today, amount: money('54.5') },
        ],
        w.deps.clock.now(),
      );
      const over = (await w.deps.repos.subAccounts.findByName(tx, 'rd-over'))[0]!;
      await w.deps.repos.alerts.insertOnce(
        tx,
        {
          subAccountId: over.id,
          accountId: w.accountId,
          type: 'threshold',
          level: 'warning',
          percent: money('90'),
          details: {},
        },
        w.deps.clock.now(),
      );
      await w.deps.repos.alerts.insertOnce(
        tx,
        {
          subAccountId: over.id,
          accountId: w.accountId,
          type: 'disabled',
          level: 'critical',
          percent: money('130'),
          details: {},
        },
        w.deps.clock.now(),
      );
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('dashboard: totals, who is over and near quota, who is disabled, and a trend chart', async () => {
    const r = await say(w, 'viewer', '总览');
    expect(r.text).toContain('AirGate 总览');
    expect(r.text).toMatch(/已超出额度\*\* \(1\)[\s\S]*rd-over/);
    expect(r.text).toMatch(/接近额度\*\* \(1\)[\s\S]*rd-near/);
    expect(r.text).toMatch(/已禁用\*\* \(1\)[\s\S]*rd-off/);
    expect(JSON.stringify(r.card)).toContain('"tag":"chart"');
    const en = await say(w, 'viewer', 'dashboard please');
    expect(en.text).toContain('多余的参数');
  });

  it('users: a paged list; the pager and the picker open further cards in place', async () => {
    const r = await say(w, 'admin', '用户');
    expect(r.text).toContain('rd-bulk-00');
    expect(r.text).not.toContain('rd-over'); // sorted by name: page 2 or 3
    const next = callbackValues(r.card).find((v) => v.a === 'users.page' && v.page === 2)!;
    const page2 = await click(w, 'admin', r.message.messageId, next);
    expect(page2.cardUpdated).toBe(true);
    const text2 = cardText(w.feishu.message(r.message.messageId)!.card);
    expect(text2).toContain('rd-bulk-20');
    expect(text2).not.toContain('rd-bulk-00');
    const page3 = callbackValues(w.feishu.message(r.message.messageId)!.card).find(
      (v) => v.a === 'users.page' && v.page === 3,
    )!;
    await click(w, 'admin', r.message.messageId, page3);
    const card3 = w.feishu.message(r.message.messageId)!.card!;
    expect(cardText(card3)).toContain('rd-over');
    const over = (await w.deps.db.transaction((m) => w.deps.repos.subAccounts.findByName(m, 'rd-over')))[0]!;
    await click(w, 'admin', r.message.messageId, valueOf(card3, 'user.pick'), { option: over.id });
    expect(cardText(w.feishu.message(r.message.messageId)!.card)).toContain('rd-p1');
  });

  it('user NAME: projects with toggles, quota, recent allocations and next steps', async () => {
    const r = await say(w, 'admin', '用户 rd-near');
    expect(r.text).toContain('rd-p2');
    expect(r.text).toContain('rd-p3');
    expect(r.text).toContain('Leo Lead');
    expect(r.text).toContain('initial quota');
    const actions = callbackValues(r.card).map((v) => v.a);
    expect(actions).toEqual(expect.arrayContaining(['project.toggle', 'quota.applyPrompt', 'user.history']));
    const history = await click(w, 'admin', r.message.messageId, valueOf(r.card, 'user.history'));
    expect(history.cardUpdated).toBe(true);
    expect(cardText(w.feishu.message(r.message.messageId)!.card)).toContain('额度流水 · rd-near');
    const bad = await say(w, 'admin', '用户 nobody-here');
    expect(bad.text).toContain('找不到子账号');
  });

  it('quota NAME in Chinese and English', async () => {
    const zh = await say(w, 'lead', '额度 rd-near');
    expect(zh.text).toContain('额度 · rd-near');
    expect(zh.text).toContain('95.0%');
    await setLocale(w, 'lead', 'en');
    try {
      const en = await say(w, 'lead', 'quota rd-near');
      expect(en.text).toContain('Quota · rd-near');
      expect(en.text).toContain('Near the quota');
      // A lead with one sub-account need not name it (issue 16, item 11).
      const mine = await say(w, 'lead', 'quota');
      expect(mine.text).toContain('Quota · rd-near');
    } finally {
      await setLocale(w, 'lead', null);
    }
  });

  it('history NAME: the ledger; unknown names get suggestions', async () => {
    const r = await say(w, 'viewer', '记录 rd-over');
    expect(r.text).toContain('额度流水 · rd-over');
    expect(r.text).toMatch(/1 \| .* \| \+¥100\.00 \| ¥100\.00/);
    const bad = await say(w, 'viewer', 'history rd-ove');
    expect(bad.text).toContain('rd-over');
  });

  it('billing [NAME] [MONTH]: per-project sums of the Shanghai month', async () => {
    const one = await say(w, 'viewer', `账单 rd-near ${month}`);
    expect(one.text).toContain(`账单 · rd-near · ${month}`);
    expect(one.text).toMatch(/rd-p2 \| ¥95\.00/);
    const all = await say(w, 'viewer', '账单');
    expect(all.text).toMatch(/rd-p1 \| rd-over \| ¥130\.00/);
    expect(all.text).toContain('¥225.00');
    const old = await say(w, 'viewer', 'billing rd-near 2020-01');
    expect(old.text).toContain('¥0.00');
    const bad = await say(w, 'viewer', 'billing rd-near 2025-13');
    expect(bad.text).toContain('月份');
  });

  it('alerts [TYPE] [NAME]: history with a type filter (also from the card’s dropdown)', async () => {
    const all = await say(w, 'viewer', '告警');
    expect(all.text).toContain('阈值告警');
    expect(all.text).toContain('已禁用');
    const filtered = await say(w, 'viewer', '告警 禁用 rd-over');
    expect(filtered.text).toContain('告警记录 · rd-over');
    expect(filtered.text).not.toContain('阈值告警 |');
    const pick = await click(w, 'viewer', all.message.messageId, valueOf(all.card, 'alerts.filter'), {
      option: 'threshold',
    });
    expect(pick.cardUpdated).toBe(true);
    expect(cardText(w.feishu.message(all.message.messageId)!.card)).not.toMatch(/已禁用 \|/);
    const bad = await say(w, 'viewer', 'alerts rd-over sometype');
    expect(bad.text).toContain('未知的告警类型');
  });
});
