import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScript, runScript, type ScriptOptions } from '../../src/cli/chat/script.js';
import { ChatSession } from '../../src/cli/chat/session.js';
import { SimClient } from '../../src/cli/chat/simClient.js';
import { advanceSummary, runSandboxChat } from '../../src/cli/commands/sandboxChat.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { getSettings } from '../../src/services/settings/getSettings.js';
import { listQuotas } from '../../src/services/quota/getQuota.js';
import { startSandbox, type Sandbox } from '../../src/sim/sandbox.js';
import { sandboxBurner } from '../../src/sim/sandboxSeed.js';

const script = (o: Partial<ScriptOptions>): ScriptOptions => ({
  form: {},
  mentionBot: true,
  timeoutMs: 8000,
  quietMs: 700,
  ...o,
});

describe('the sandbox', () => {
  let dir: string;
  let sb: Sandbox;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-'));
    sb = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts headless, on SQLite between both simulators, with no credentials configured', async () => {
    expect((await fetch(`${sb.airgate.url}/healthz`)).status).toBe(200);
    expect(sb.config.database).toEqual({ type: 'sqlite', path: join(dir, 'sandbox.sqlite') });
    expect(sb.config.volc.endpoint).toBe(sb.volc.url);
    expect(sb.config.feishu.baseUrl).toBe(sb.feishu.url);
    expect(sb.feishu.eventUrl()).toBe(`${sb.airgate.url}/feishu/events`);
  });

  it('has eight team sub-accounts imported with projects, quotas and spending, some near their quota, and the burner', async () => {
    expect(sb.volc.state().users).toHaveLength(9);
    const all = await listQuotas(sb.deps);
    expect(all).toHaveLength(9);
    const burner = all.find((q) => q.subAccount.userName === 'burner');
    expect(burner?.quota.quota.toFixed(2)).toBe(sandboxBurner.quota);
    const quotas = all.filter((q) => q !== burner);
    expect(quotas).toHaveLength(8);
    for (const q of quotas) {
      expect(q.projects.length).toBeGreaterThan(0);
      expect(q.quota.quota.gt(0)).toBe(true);
      expect(q.quota.spent.gt(0)).toBe(true);
      expect(q.subAccount.ownerOpenId).toBeTruthy();
    }
    const near = quotas.filter((q) => q.quota.percent.gte(80) && q.quota.percent.lt(100));
    expect(near.length).toBeGreaterThanOrEqual(2);
    expect(sb.firstCheck.ran).toBe(true);
  });

  it('knows an admin, an approver and two leads, with the group as the alert chat', async () => {
    const members = await withReader(sb.deps.db, (m) => sb.deps.repos.members.list(m));
    const roles = Object.fromEntries(members.map((m) => [m.name, m.roles]));
    expect(roles).toEqual({ Alice: ['admin'], Bob: ['approver'], Carol: ['lead'], Dave: ['lead'] });
    const settings = await getSettings(sb.deps);
    expect(settings.alertChatId).toBe(sb.group.chatId);
    expect(settings.approvers).toEqual([sb.people.find((p) => p.name === 'Bob')!.openId]);
    expect(sb.feishu.chats().find((c) => c.chatId === sb.group.chatId)?.members).toHaveLength(4);
    // The first check already posted the threshold alerts of the teams near their quota.
    await expect
      .poll(() => sb.feishu.messages({ chatId: sb.group.chatId }).length, { timeout: 8000 })
      .toBeGreaterThan(0);
  });

  it('runs a scripted session through the terminal chat: create a user, add a project, apply, approve', async () => {
    const client = new SimClient(sb.feishu.url, (u) => `unreachable ${u}`);
    const transcript: string[] = [];
    const run = async (as: string, o: Partial<ScriptOptions>, chat?: string) => {
      const session = await ChatSession.open(client, { as, locale: 'zh', ...(chat ? { chat } : {}) });
      const r = await runScript(session, script(o));
      transcript.push(
        `$ airgate chat --as ${as}${chat ? ' --chat group' : ''} ${o.say ? `--say "${o.say}"` : `--click "${o.click}"`}`,
      );
      transcript.push(...formatScript(session, r));
      return r;
    };
    const all = (r: Awaited<ReturnType<typeof run>>) => JSON.stringify(r.replies);

    const created = await run('Alice', { say: '用户 创建 xiaoming' });
    expect(all(created)).toContain('子账号 xiaoming 已创建');
    const secret = sb.volc.state().users.find((u) => u.userName === 'xiaoming')!.accessKeys[0]!
      .secretAccessKey;
    expect(all(created)).toContain(secret);

    const added = await run('Alice', { say: '项目 添加 xiaoming team-mobile' });
    expect(all(added)).toContain('项目已添加');
    expect(all(added)).toContain('ArkFullAccess');

    const lisi = async () => (await listQuotas(sb.deps)).find((q) => q.subAccount.userName === 'lisi')!;
    const before = (await lisi()).quota.quota;
    const applied = await run('Carol', { say: '申请 lisi 500 冲刺上线' });
    expect(all(applied)).toContain('额度申请');

    // The group's copy of the request card is in the group's language (zh); Bob presses 批准 there.
    const approved = await run('Bob', { click: '批准', form: { approve_amount: '500' } }, sb.group.name);
    expect(approved.clicked?.error).toBeUndefined();
    expect((await lisi()).quota.quota.minus(before).toFixed(2)).toBe('500.00');
    expect(all(approved)).toMatch(/Approved|已批准/);
    if (process.env.AIRGATE_PRINT_TRANSCRIPT) process.stdout.write(`${transcript.join('\n')}\n`);
    expect(transcript.join('\n')).not.toContain('⚠');
  });

  it('switches user in the sandbox chat with /as and leaves on /quit', async () => {
    const input = new PassThrough();
    let out = '';
    const output = new PassThrough();
    output.on('data', (c: Buffer) => (out += c.toString()));
    const done = runSandboxChat({
      simUrl: sb.feishu.url,
      as: 'Alice',
      groupId: sb.group.chatId,
      people: sb.people.map((p) => p.name),
      locale: 'zh',
      input,
      output,
      tour: () => 'TOUR',
    });
    const waitFor = async (text: string) => {
      const until = Date.now() + 8000;
      while (!out.includes(text) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(text);
    };
    await waitFor('现在你是 Alice');
    input.write('/as Nobody\n');
    await waitFor('没有用户 Nobody');
    input.write('/as carol\n');
    await waitFor('现在你是 Carol');
    input.write('额度 lisi\n');
    await waitFor('lisi');
    input.write('/tour\n');
    await waitFor('TOUR');
    input.write('/group\n');
    await waitFor('现在你是 Carol，在「AirGate 运维群」中');
    input.write('/quit\n');
    await done;
  });

  it('drives the sandbox chat as a user: the prompt names the chat, /help lists the sandbox commands, /advance says minutes', async () => {
    const input = new PassThrough();
    let out = '';
    const output = new PassThrough();
    output.on('data', (c: Buffer) => (out += c.toString()));
    const advanced: number[] = [];
    const done = runSandboxChat({
      simUrl: sb.feishu.url,
      as: 'Alice',
      groupId: sb.group.chatId,
      people: sb.people.map((p) => p.name),
      locale: 'zh',
      input,
      output,
      tour: () => 'TOUR',
      advance: async (ms) => {
        advanced.push(ms);
        return advanceSummary(await sb.advance(ms), ms, 'zh');
      },
    });
    const waitFor = async (text: string) => {
      const until = Date.now() + 15_000;
      while (!out.includes(text) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(text);
    };
    await waitFor('Alice@私聊> ');
    input.write('/help\n');
    for (const cmd of ['/as', '/group', '/dm', '/advance', '/tour']) await waitFor(cmd);
    input.write('/advance\n');
    await waitFor('最长 31 天');
    input.write('/advance 10m\n');
    await waitFor('模拟时间前进 10 分钟');
    expect(out).not.toContain('0.17');
    expect(advanced).toEqual([600_000]);
    input.write('/group\n');
    await waitFor('Alice@#AirGate 运维群> ');
    // A user's mention in the group shows as the name, not as @_user_1.
    const before = out.length;
    await new SimClient(sb.feishu.url, (u) => u).say({
      from: sb.people.find((p) => p.name === 'Bob')!.openId,
      chatId: sb.group.chatId,
      text: '@Alice 看一下 burner',
    });
    await waitFor('@Alice 看一下 burner');
    expect(out.slice(before)).not.toContain('@_user_');
    input.write('/dm\n');
    await waitFor('现在你是 Alice，在「与机器人的单聊」中');
    input.write('/quit\n');
    await done;
  }, 60_000);
});
