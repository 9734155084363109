import { createWriteStream } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createLogger } from '../../log/logger.js';
import { listQuotas } from '../../services/quota/getQuota.js';
import { SANDBOX_DB_FILE, startSandbox, type Sandbox } from '../../sim/sandbox.js';
import { sandboxTeams } from '../../sim/sandboxSeed.js';
import { action, untilSignal } from '../run.js';
import { runSandboxChat } from './sandboxChat.js';

type Opts = { port: string; feishuPort: string; data: string; as: string; chat: boolean; lang?: string };

const port = (v: string, flag: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} expects 0-65535`);
  return n;
};

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      '在本机运行整个产品：SQLite 上的 AirGate、模拟的火山引擎和飞书、演示数据和终端聊天 / the whole product locally, no credentials',
    )
    .option('--port <port>', "AirGate's port", '3000')
    .option('--feishu-port <port>', "the Feishu simulator's port (airgate chat looks at 18090)", '18090')
    .option(
      '--data <dir>',
      'folder for the sandbox database and log (recreated on every start)',
      'data/sandbox',
    )
    .option('--as <name>', 'who the terminal chat starts as: Alice, Bob, Carol or Dave', 'Alice')
    .option('--no-chat', 'no terminal chat: keep running headless until Ctrl-C')
    .option('--lang <zh|en>', 'language of the tour and the chat (default: AIRGATE_LOCALE or zh)')
    .action(
      action(async (opts: Opts) => {
        const locale = (opts.lang ?? process.env.AIRGATE_LOCALE) === 'en' ? 'en' : 'zh';
        const dataDir = resolve(opts.data);
        const logFile = join(dataDir, 'airgate.log');
        const started = Date.now();
        const sandbox = await startSandbox({
          port: port(opts.port, '--port'),
          feishuPort: port(opts.feishuPort, '--feishu-port'),
          dataDir,
          locale,
          log: createLogger('info', createWriteStream(logFile, { flags: 'w' })),
        });
        const tour = await tourText(sandbox, locale, { logFile, seconds: (Date.now() - started) / 1000 });
        process.stdout.write(`${tour}\n`);
        const stopping = new AbortController();
        const signalled = untilSignal().then(() => stopping.abort());
        if (opts.chat) {
          await runSandboxChat({
            simUrl: sandbox.feishu.url,
            as: opts.as,
            groupId: sandbox.group.chatId,
            people: sandbox.people.map((p) => p.name),
            locale,
            input: process.stdin,
            output: process.stdout,
            tour: () => tour,
            advance: async (ms) => {
              const r = await sandbox.advance(ms);
              if (!r.ran)
                return locale === 'zh' ? '另一轮检查正在进行，稍后再试' : 'a check is running; try again';
              const s = r.summary;
              const hours = (ms / 3_600_000).toFixed(2).replace(/\.?0+$/, '');
              return locale === 'zh'
                ? `⏩ 模拟时间前进 ${hours} 小时，已检查消费：告警 ${Object.values(s.alerts).reduce((a, b) => a + b, 0)} 条，禁用 ${s.disabled.join('、') || '无'}，恢复 ${s.enabled.join('、') || '无'}（告警卡片发在群里：/group 查看）`
                : `⏩ simulated time +${hours} h, spending checked: ${Object.values(s.alerts).reduce((a, b) => a + b, 0)} alerts, disabled ${s.disabled.join(', ') || 'none'}, re-enabled ${s.enabled.join(', ') || 'none'} (alert cards go to the group: /group)`;
            },
            signal: stopping.signal,
          });
        } else await signalled;
        process.stdout.write(locale === 'zh' ? '正在停止…\n' : 'stopping…\n');
        await sandbox.close();
        process.stdin.unref?.();
      }),
    );
}

const here = (p: string) => relative(process.cwd(), p) || p;

/** What runs where, who is who, the sub-accounts, three commands to try and how to switch user. */
export async function tourText(
  sb: Sandbox,
  locale: 'zh' | 'en',
  o: { logFile: string; seconds: number },
): Promise<string> {
  const zh = locale === 'zh';
  const quotas = await listQuotas(sb.deps);
  const lead = (user: string) => sandboxTeams.find((t) => t.user === user)?.lead;
  const peopleOf = (key: string) =>
    sandboxTeams
      .filter((t) => t.lead === key)
      .map((t) => t.user)
      .join(', ');
  const role = (r: string) =>
    zh ? ({ admin: '管理员', approver: '审批人', lead: '负责人', viewer: '查看者' }[r] ?? r) : r;
  const rows = quotas.map((q) => {
    const pct = q.quota.percent.toFixed(0).padStart(3);
    const bar = '█'.repeat(Math.min(10, Math.round(q.quota.percent.toNumber() / 10))).padEnd(10, '·');
    const owner = sb.people.find((p) => p.key === lead(q.subAccount.userName))?.name ?? '';
    return `  ${q.subAccount.userName.padEnd(10)} ${bar} ${pct}%  ${q.quota.spent.toFixed(2).padStart(8)} / ${q.quota.quota.toFixed(0).padEnd(6)} ${owner}`;
  });
  const chatCmd = `npx airgate chat --as Bob --sim ${sb.feishu.url}`;
  const lines = zh
    ? [
        `AirGate 沙盒已就绪（${o.seconds.toFixed(1)} 秒；Ctrl-C 全部停止）`,
        `  AirGate        ${sb.airgate.url}   （GET /healthz，飞书事件 /feishu/events）`,
        `  火山引擎模拟器  ${sb.volc.url}`,
        `  飞书模拟器      ${sb.feishu.url}   群「${sb.group.name}」`,
        `  数据库          ${here(join(resolve(o.logFile, '..'), SANDBOX_DB_FILE))}（每次启动重建）  日志 ${here(o.logFile)}`,
        '',
        '人员：',
        ...sb.people.map(
          (p) =>
            `  ${p.name.padEnd(6)} ${p.roles.map(role).join('、')}${p.roles.includes('lead') ? `：${peopleOf(p.key)}` : ''}${p.locale === 'en' ? '（英文界面）' : ''}`,
        ),
        '',
        '子账号（已用 / 额度，元）：',
        ...rows,
        '',
        `试试（你是 Alice，管理员，在与机器人的单聊中）：`,
        '  1. 总览                              额度、消费、告警一览',
        '  2. 用户 创建 xiaoming team-mobile      新建子账号，密钥只私信给你',
        '  3. /as Carol 后输入「申请 lisi 500 冲刺上线」；再 /as Bob、/group，输入「批准」按钮的编号',
        '  4. /advance 1h 几次：burner（额度 100，每小时 50，其中 30 是方舟调用）收到阈值告警，在 100% 被禁用、方舟接入点被停止；「划拨 burner 100 续费」后 /advance 10m 即恢复',
        '切换：/as 名字（Alice、Bob、Carol、Dave） /group 进群 /dm 回单聊 /advance 时长 快进 /tour 再看一遍 /help 帮助 /quit 退出',
        `另开终端：${chatCmd}`,
      ]
    : [
        `AirGate sandbox ready (${o.seconds.toFixed(1)} s; Ctrl-C stops everything)`,
        `  AirGate              ${sb.airgate.url}   (GET /healthz, Feishu events at /feishu/events)`,
        `  Volcengine simulator ${sb.volc.url}`,
        `  Feishu simulator     ${sb.feishu.url}   group "${sb.group.name}"`,
        `  Database             ${here(join(resolve(o.logFile, '..'), SANDBOX_DB_FILE))} (recreated on each start)  log ${here(o.logFile)}`,
        '',
        'People:',
        ...sb.people.map(
          (p) =>
            `  ${p.name.padEnd(6)} ${p.roles.join(', ')}${p.roles.includes('lead') ? `: ${peopleOf(p.key)}` : ''}`,
        ),
        '',
        'Sub-accounts (spent / quota, CNY):',
        ...rows,
        '',
        'Try (you are Alice, an admin, in a direct chat with the bot):',
        '  1. dashboard                              quotas, spending and alerts at a glance',
        '  2. user create xiaoming team-mobile       a new sub-account; its key comes to you privately',
        '  3. /as Carol, then "apply lisi 500 launch week"; then /as Bob, /group, and type the number of 批准 (Approve)',
        '  4. /advance 1h a few times: burner (quota 100, 50 an hour, 30 of it Ark calls) gets threshold alerts and is disabled at 100 %, its Ark endpoint stopped; "allocate burner 100 top-up", then /advance 10m re-enables it',
        'Switch: /as NAME (Alice, Bob, Carol, Dave)  /group the group  /dm back to the direct chat  /advance DURATION time-lapse  /tour this again  /quit',
        `In another shell: ${chatCmd}`,
      ];
  return lines.join('\n');
}
