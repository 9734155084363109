import { isAbsolute, join, relative, resolve } from 'node:path';
import { translator } from '../../../../cards/i18n/index.js';
import type { Locale } from '../../../domain/locale.js';
import { ROLES, type Role } from '../../../policies/actor.js';
import { listQuotas } from '../../../services/quota/getQuota.js';
import type { Sandbox } from '../../../sim/sandbox.js';

/** A path as typed from the current folder: relative inside it, absolute outside it. */
const here = (p: string) => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : resolve(p);
};

/** What runs where, who is who, the sub-accounts, three commands to try and how to switch user. */
export async function tourText(
  sb: Sandbox,
  locale: Locale,
  o: {
    logFile: string;
    /** the sandbox's environment for the CLI (sandbox.env) */
    envFile?: string;
    /** from the process's start to the tour */
    seconds: number;
    /** of which loading the program, before the sandbox started */
    loadSeconds?: number;
    /** running the TypeScript sources through tsx (no up-to-date build) */
    fromSources?: boolean;
  },
): Promise<string> {
  const zh = locale === 'zh';
  const { sandboxTeams } = await import('../../../sim/sandboxSeed.js');
  const { SANDBOX_DB_FILE } = await import('../../../sim/sandbox.js');
  const quotas = await listQuotas(sb.deps);
  const lead = (user: string) => sandboxTeams.find((t) => t.user === user)?.lead;
  const peopleOf = (key: string) =>
    sandboxTeams
      .filter((t) => t.lead === key)
      .map((t) => t.user)
      .join(', ');
  const tr = translator(locale);
  const role = (r: string) => ((ROLES as readonly string[]).includes(r) ? tr(`role.${r as Role}`) : r);
  const rows = quotas.map((q) => {
    const pct = q.quota.percent.toFixed(0).padStart(3);
    const bar = '█'.repeat(Math.min(10, Math.round(q.quota.percent.toNumber() / 10))).padEnd(10, '·');
    const owner = sb.people.find((p) => p.key === lead(q.subAccount.userName))?.name ?? '';
    return `  ${q.subAccount.userName.padEnd(10)} ${bar} ${pct}%  ${q.quota.spent.toFixed(2).padStart(8)} / ${q.quota.quota.toFixed(0).padEnd(6)} ${owner}`;
  });
  const chatCmd = `npx airgate chat --as Bob --sim ${sb.feishu.url}`;
  const took = (n: number) => n.toFixed(1);
  const api = `${sb.airgate.url}/api/v1/subaccounts`;
  const cliLines = o.envFile
    ? [
        `  set -a; . ${here(o.envFile)}; set +a`,
        '  npx airgate doctor',
        '  npx airgate apikey create --name crm --scopes read,request',
        `  curl -H "Authorization: Bearer <key>" ${api}`,
      ]
    : [];
  const startup = zh
    ? `启动用时 ${took(o.seconds)} 秒${o.loadSeconds !== undefined ? `，其中加载程序 ${took(o.loadSeconds)} 秒` : ''}${o.fromSources ? '（从源码运行；npm run build 后启动更快）' : ''}`
    : `started in ${took(o.seconds)} s${o.loadSeconds !== undefined ? `, ${took(o.loadSeconds)} s of it loading the program` : ''}${o.fromSources ? ' (from the sources; faster after npm run build)' : ''}`;
  const lines = zh
    ? [
        `AirGate 沙盒已就绪（${startup}；Ctrl-C 全部停止）`,
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
        '  4. /advance 5h：burner（额度 300，每小时约 50，其中 30 是方舟调用）约到 50%，告警卡片给出消费速度和预计用完时间；',
        '     再 /advance 1h 几次：80%、90% 告警，100% 时被禁用、方舟接入点被停止；「划拨 burner 100 续费」后 /advance 10m 即恢复',
        '切换：/as 名字（Alice、Bob、Carol、Dave） /group 进群 /dm 回单聊 /advance 时长 快进 /tour 再看一遍 /help 帮助 /quit 退出',
        `另开终端：${chatCmd}`,
        ...(cliLines.length
          ? [
              '在另一个终端对这个沙盒使用 CLI、REST API 和 doctor（第一行设置沙盒的数据库、端口和演示凭据；<key> 换成 apikey create 打印的 key）：',
              ...cliLines,
            ]
          : []),
      ]
    : [
        `AirGate sandbox ready (${startup}; Ctrl-C stops everything)`,
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
        '  4. /advance 5h: burner (quota 300, about 50 an hour, 30 of it Ark calls) nears 50 %; the alert card gives its burn rate and when it runs out;',
        '     then /advance 1h a few times: the 80 % and 90 % alerts, the disable at 100 % with its Ark endpoint stopped; "allocate burner 100 top-up", then /advance 10m re-enables it',
        'Switch: /as NAME (Alice, Bob, Carol, Dave)  /group the group  /dm back to the direct chat  /advance DURATION time-lapse  /tour this again  /quit',
        `In another shell: ${chatCmd}`,
        ...(cliLines.length
          ? [
              "The CLI, the REST API and doctor on this sandbox, in another shell (the first line sets the sandbox's database, ports and demo credentials; <key> is what apikey create prints):",
              ...cliLines,
            ]
          : []),
      ];
  return lines.join('\n');
}
