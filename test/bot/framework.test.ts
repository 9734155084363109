import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { defineChatCommand } from '../../src/feishu/chat/define.js';
import {
  amount,
  noArgs,
  parseChatAmount,
  positional,
  text,
  tokenize,
  word,
} from '../../src/feishu/chat/parse.js';
import { registerChatCommands } from '../../src/feishu/chat/registry.js';
import { closest, editDistance } from '../../src/feishu/chat/suggest.js';
import { listPolicies } from '../../src/services/iam/listPolicies.js';
import { resolveSubAccount } from '../../src/services/quota/resolveSubAccount.js';
import { dbKinds } from '../support/databases.js';
import { say } from './support/chat.js';
import { givenSubAccount, setLocale, startWorld, teamChat, type World } from './support/world.js';
import { wordsOf } from '../errors/refusalWords.js';

describe('the command tokenizer', () => {
  it.each([
    ['额度  alice', ['额度', 'alice']],
    ['额度\u3000alice', ['额度', 'alice']],
    ['额\u200b度 ali\ufeffce', ['额度', 'alice']],
    ['申请 alice １００ “训练 任务”', ['申请', 'alice', '100', '训练 任务']],
    ['申请 alice 100 「two words」 more', ['申请', 'alice', '100', 'two words', 'more']],
    ['阈值 alice 50，80、90', ['阈值', 'alice', '50,80,90']],
    ['"unterminated quote', ['unterminated quote']],
    ['', []],
  ])('splits %j', (input, words) => {
    expect(tokenize(input)).toEqual(words);
  });
});

describe('amounts typed in chat', () => {
  it.each([
    ['100', '100'],
    ['100.5', '100.5'],
    ['¥100', '100'],
    ['￥100', '100'],
    ['100元', '100'],
    ['1,000', '1000'],
    ['12,345.67', '12345.67'],
    ['1万', '10000'],
    ['1.5万', '15000'],
    ['１００', '100'],
    ['0.01', '0.01'],
  ])('reads %j as %s', (input, value) => {
    expect(parseChatAmount(input).toFixed()).toBe(value);
  });

  it.each([
    ['-5', '金额必须大于 0'],
    ['0', '金额必须大于 0'],
    ['1e309', '无效金额'],
    ['NaN', '无效金额'],
    ['Infinity', '无效金额'],
    ['1.1234567', '最多两位小数'],
    ['1'.repeat(40), '不能超过'],
    ['1,00', '无效金额'],
    ['💰', '无效金额'],
    ['abc', '无效金额'],
    ['', '无效金额'],
  ])('refuses %j with a clear reason', (input, reason) => {
    let caught: unknown;
    try {
      parseChatAmount(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect(wordsOf(caught)).toContain(reason);
    expect(wordsOf(caught)).toContain(' / '); // both languages
  });

  it('never throws anything but a UsageError, and what it accepts is > 0 with ≤ 2 decimals', () => {
    const weird = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom(
        '1e309',
        'NaN',
        '-0',
        '0x10',
        '1_000',
        '１２３',
        '1万万',
        '¥-1',
        '1.005',
        '٣',
        '1\u200b0',
      ),
      fc.double().map(String),
      fc.bigInt().map(String),
    );
    fc.assert(
      fc.property(weird, (s) => {
        try {
          const m = parseChatAmount(s);
          return m.gt(0) && m.decimalPlaces() <= 2;
        } catch (err) {
          return err instanceof UsageError;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parses whole commands the same way: positional words, amount, free text', () => {
    const schema = positional(
      {
        name: word({ zh: '名称', en: 'NAME' }),
        amount: amount(),
        reason: text({ zh: '理由', en: 'REASON' }),
      },
      { rest: 'reason' },
    );
    const ok = schema.parse(tokenize('alice 1万 need “more gpu” now').slice(0));
    expect({ ...ok, amount: ok.amount.toFixed() }).toEqual({
      name: 'alice',
      amount: '10000',
      reason: 'need more gpu now',
    });
    expect(schema.safeParse(['alice', '100']).error?.issues[0]?.message).toContain('缺少参数「理由」');
    expect(noArgs.safeParse(['x']).error?.issues[0]?.message).toContain('多余的参数');
  });
});

describe('did you mean', () => {
  it('measures distance in characters and picks the nearest names', () => {
    expect(editDistance('额度', '额渡')).toBe(1);
    expect(closest('qouta', ['quota', 'users', 'apply'])).toEqual(['quota']);
    expect(closest('alic', ['bob', 'alice', 'alina'])[0]).toBe('alice');
    expect(closest('zzzzzz', ['quota', 'users'])).toEqual([]);
  });
});

describe.each(dbKinds())('the chat framework over the simulators (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
    await givenSubAccount(w, { userName: 'fw-alice', owner: 'lead', quota: '100' });
    await givenSubAccount(w, { userName: 'fw-alina', quota: '100' });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers an unknown command with what was wrong and the closest command', async () => {
    const r = await say(w, 'admin', 'qouta fw-alice');
    expect(r.text).toContain('命令有误，未做任何更改');
    expect(r.text).toContain('未知命令「qouta」');
    expect(r.text).toContain('你是不是想用');
    expect(r.text).toContain('`额度 名称`');
  });

  it('answers bad arguments with that command’s usage, in the user’s language', async () => {
    const zh = await say(w, 'admin', '流水');
    expect(zh.text).toContain('缺少参数「名称」');
    expect(zh.text).toContain('`流水 名称`');
    await setLocale(w, 'admin', 'en');
    try {
      const en = await say(w, 'admin', 'allocate fw-alice 1e309 x');
      expect(en.text).toContain('invalid amount');
      expect(en.text).toContain('allocate NAME AMOUNT NOTE');
      expect(en.text).not.toMatch(/[\u4e00-\u9fff]{4}/); // no Chinese sentence
    } finally {
      await setLocale(w, 'admin', null);
    }
  });

  it('names the role needed when the caller lacks it, and changes nothing', async () => {
    const r = await say(w, 'viewer', '分配 fw-alice 100 more');
    expect(r.text).toContain('没有权限');
    expect(r.text).toContain('管理员');
    expect(r.text).toContain('查看者');
    const stranger = await say(w, 'stranger', '用户');
    expect(stranger.text).toContain('无角色');
    const help = await say(w, 'stranger', '帮助');
    expect(help.text).toContain('你目前没有可用的命令');
  });

  it('says a lead may act only on their own sub-accounts', async () => {
    const r = await say(w, 'lead', '申请 fw-alina 100 mine?');
    expect(r.text).toContain('负责人只能操作自己负责的子账号');
  });

  it('suggests the closest sub-account names when one is not found', async () => {
    const r = await say(w, 'admin', '额度 fw-alic');
    expect(r.text).toContain('找不到子账号');
    expect(r.text).toContain('fw-alice');
  });

  it('answers in a group only when mentioned, and replies in the group', async () => {
    const r = await say(w, 'admin', '帮助', { chatId: teamChat });
    expect(r.message.chatId).toBe(teamChat);
    const unmentioned = await w.feishu.say({ from: 'ou_bot_admin_0001', chatId: teamChat, text: '帮助' });
    expect(unmentioned.delivered).toBe(false);
  });

  it('lists in help only what the caller may use', async () => {
    const viewer = await say(w, 'viewer', 'help');
    expect(viewer.text).toContain('`额度 名称`');
    expect(viewer.text).not.toContain('`分配 名称 金额 备注`');
    expect(viewer.text).not.toContain('`申请 名称 金额 理由`');
    const lead = await say(w, 'lead', 'help');
    expect(lead.text).toContain('`申请 名称 金额 理由`');
    expect(lead.text).not.toContain('`用户 创建 名称 [项目]`');
  });
});

describe('errors the framework maps to cards', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld('sqlite', { locale: 'en' });
    await givenSubAccount(w, { userName: 'fw-up' });
    // A command of this test only, calling a real use case that reaches Volcengine.
    const probe = defineChatCommand({
      key: 'policyList',
      names: ['probe'],
      args: positional({ name: word({ zh: '名称', en: 'NAME' }) }),
      policy: 'subaccount.view',
      run: async (deps, _actor, a) => {
        if (a.name === 'boom') throw new TypeError('a bug');
        return listPolicies(deps, { subAccountId: (await resolveSubAccount(deps, a.name)).id });
      },
      render: () => null,
    });
    registerChatCommands(w.deps.feishu!.router, w.deps, [probe]);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers "Volcengine unavailable" with the request id when Volcengine fails', async () => {
    w.volc.setFaults({ errorRate: 1 });
    try {
      const r = await say(w, 'admin', 'probe fw-up');
      expect(r.text).toContain('Volcengine');
      expect(r.text).toContain(r.said.eventId);
    } finally {
      w.volc.setFaults({ errorRate: 0 });
    }
  });

  it('answers a bug with a generic card and the request id, logging the stack once', async () => {
    const r = await say(w, 'admin', 'probe boom');
    expect(r.text).toContain(r.said.eventId);
    expect(r.text).not.toContain('a bug');
    expect(w.logs.filter((l) => l.includes('a bug') && l.includes('"level":"error"'))).toHaveLength(1);
  });
});
