import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScript, runScript } from '../../src/cli/chat/script.js';
import { ChatSession } from '../../src/cli/chat/session.js';
import { SimClient } from '../../src/cli/chat/simClient.js';
import { listQuotas } from '../../src/services/quota/getQuota.js';
import { startSandbox, type Sandbox } from '../../src/sim/sandbox.js';
import { cardText, waitFor } from '../bot/support/chat.js';

type Item = {
  instanceId: string;
  status: string;
  title: string;
  form: string[][];
  tasks: Array<{ openId: string; status: string }>;
};

/**
 * The sandbox's department route end to end, as a person drives it: Carol asks in chat for zhangsan
 * (平台组: Dave leads it without the approver role, Alice leads 研发中心 above it), above ¥1,000, and the
 * request is decided in the approval centre, Dave first, then Alice, through the simulator's /__sim endpoints.
 */
describe('the sandbox’s two-step department route, decided in the approval centre', () => {
  let dir: string;
  let sb: Sandbox;
  const transcript: string[] = [];
  const sim = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${sb.feishu.url}/__sim${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as T;
  };
  const who = (name: string) => sb.people.find((p) => p.name === name)!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-route-'));
    sb = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  }, 120_000);
  afterAll(async () => {
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks Dave, then Alice, and allocates once both approved', { timeout: 120_000 }, async () => {
    const quota = async () =>
      (await listQuotas(sb.deps)).find((q) => q.subAccount.userName === 'zhangsan')!.quota.quota;
    const before = await quota();

    const session = await ChatSession.open(new SimClient(sb.feishu.url, (u) => `unreachable ${u}`), {
      as: 'Carol',
      locale: 'zh',
    });
    const said = '申请 zhangsan 1500 新模型训练';
    const applied = await runScript(session, {
      say: said,
      form: {},
      mentionBot: true,
      timeoutMs: 8000,
      quietMs: 700,
    });
    transcript.push(
      `$ airgate chat --as Carol --say "${said}"`,
      `🤖 AirGate: ${formatScript(session, applied)
        .find((l) => l.includes('额度申请 · zhangsan'))
        ?.trim()} [待审批]`,
    );
    expect(JSON.stringify(applied.replies)).toContain('额度申请');

    const dave = who('Dave').openId;
    const alice = who('Alice').openId;
    const toDave = await waitFor('the card in Dave’s DM', () =>
      sb.feishu
        .messages({ openId: dave, from: 'bot' })
        .find((m) => m.chatType === 'p2p' && m.card && cardText(m.card).includes('· zhangsan ·')),
    );
    const davesCard = cardText(toDave.card);
    expect(davesCard).toContain('审批人：平台组负责人 Dave，再由 Alice 审批（金额超过 ¥1,000.00）');
    expect(davesCard).toContain('第 1/2 步：等待 Dave');
    transcript.push(
      'Dave’s DM: card 「额度申请 · zhangsan · ¥1,500.00」',
      `  ${davesCard.split('\n').find((l) => l.startsWith('审批人'))}`,
      '  第 1/2 步：等待 Dave',
    );

    const [todo] = await waitFor('Dave’s 待办', async () => {
      const t = await sim<Array<{ instanceId: string }>>(`/approval/todo?openId=${dave}`);
      return t.length ? t : undefined;
    });
    const id = todo!.instanceId;
    const show = async (label: string) => {
      const i = await sim<Item>(`/approval/instances/${id}`);
      const progress = i.form.find(([k]) => k === '审批进度')?.[1];
      const result = i.form.find(([k]) => k === '结果')?.[1];
      transcript.push(
        `${label}: ${i.status} "${i.title}"${progress ? ` · ${progress}` : ''}${result ? ` · ${result}` : ''} · tasks ${i.tasks
          .map((t) => `${t.openId === dave ? 'Dave' : t.openId === alice ? 'Alice' : t.openId} ${t.status}`)
          .join(', ')}`,
      );
      return i;
    };
    const first = await show('centre');
    expect(first.tasks).toEqual([{ openId: dave, status: 'PENDING' }]);

    const early = await fetch(`${sb.feishu.url}/__sim/approval/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instanceId: id, openId: alice, action: 'APPROVE' }),
    });
    transcript.push(`Alice presses 同意 first → HTTP ${early.status} (Alice has no task in the item yet)`);
    expect(early.status).toBe(403);

    const byDave = await sim<{ ok: boolean; body: string }>('/approval/act', {
      instanceId: id,
      openId: dave,
      action: 'APPROVE',
    });
    transcript.push(`Dave presses 同意 in the centre → callback ${byDave.body}`);
    expect(byDave.ok).toBe(true);
    expect((await quota()).eq(before)).toBe(true);
    await waitFor('Alice’s 待办', async () =>
      (await sim<unknown[]>(`/approval/todo?openId=${alice}`)).length ? true : undefined,
    );
    const second = await show('centre');
    expect(second.form).toContainEqual(['审批进度', '第 1/2 步：Dave已同意，等待 Alice']);
    transcript.push(`quota of zhangsan still ${before.toFixed(2)} (nothing allocated after step 1)`);

    const byAlice = await sim<{ ok: boolean; body: string }>('/approval/act', {
      instanceId: id,
      openId: alice,
      action: 'APPROVE',
    });
    transcript.push(`Alice presses 同意 in the centre → callback ${byAlice.body}`);
    expect(byAlice.ok).toBe(true);
    const done = await waitFor('the centre item approved', async () => {
      const i = await sim<Item>(`/approval/instances/${id}`);
      return i.status === 'APPROVED' ? i : undefined;
    });
    await show('centre');
    expect(done.tasks).toEqual([
      { openId: dave, status: 'APPROVED' },
      { openId: alice, status: 'APPROVED' },
    ]);
    const after = await quota();
    expect(after.minus(before).toFixed(2)).toBe('1500.00');
    transcript.push(`quota of zhangsan ${before.toFixed(2)} → ${after.toFixed(2)} (allocated once)`);
    const group = await waitFor('the group’s copy patched', () =>
      sb.feishu
        .messages({ chatId: sb.group.chatId, from: 'bot' })
        .map((m) => cardText(m.card))
        .find((t) => t.includes('· zhangsan ·') && t.includes('已批准')),
    );
    expect(group).toContain('第 1/2 步：Dave已同意 ¥1,500.00');
    transcript.push(
      `group card: ${group.split('\n').find((l) => l.includes('批准') && l.includes('Alice'))}`,
      '  第 1/2 步：Dave已同意 ¥1,500.00',
    );
    if (process.env.AIRGATE_PRINT_TRANSCRIPT) process.stdout.write(`\n${transcript.join('\n')}\n`);
  });
});
