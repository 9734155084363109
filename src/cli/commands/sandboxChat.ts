import { PassThrough, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { runInteractive } from '../chat/interactive.js';
import type { Locale } from '../chat/renderCard.js';
import { ChatSession } from '../chat/session.js';
import { SimClient } from '../chat/simClient.js';
import { chatText } from '../chat/text.js';
import { formatShanghai } from '../../domain/shanghaiTime.js';

export type SandboxChatOptions = {
  simUrl: string;
  /** Who the chat starts as (a simulator user's name). */
  as: string;
  /** The group `/group` enters (default: the first group of the simulator you are in). */
  groupId?: string;
  /** The chat to start in (a group's chat_id or name; default the direct chat with the bot). */
  startChat?: string;
  people: readonly string[];
  locale: Locale;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Printed on /tour (the sandbox's). */
  tour?: () => string;
  /** `/advance 1h`: moves the sandbox's one clock (AirGate and both simulators), checking on the way; returns a summary line. */
  advance?: (ms: number) => Promise<string>;
  /** Ends the chat (Ctrl-C, shutdown). */
  signal?: AbortSignal;
};

const words = {
  zh: {
    switched: (who: string, where: string) => `—— 现在你是 ${who}，在「${where}」中 ——`,
    noSuchUser: (who: string, all: string) => `没有用户 ${who}；可选：${all}`,
    noSuchGroup: (name: string, all: string) =>
      `没有你所在的群「${name}」${all ? `；可选：${all}` : '（你不在任何群里）'}`,
    help: (sandbox: boolean) =>
      [
        '/as 名字      换成另一个人（沙盒里的 Alice、Bob、Carol、Dave）',
        '/group [群名] 进群（默认第一个群）   /dm 回到与机器人的单聊',
        ...(sandbox
          ? [
              '/advance 时长 快进模拟时间（如 10m、1h、2d，最长 31 天；途中检查消费，一次最多 24 次）',
              '/tour         再看一遍导览',
            ]
          : []),
      ].join('\n'),
    badAdvance: [
      '用法：/advance 时长，如 /advance 10m、/advance 1h、/advance 1.5h、/advance 2d（最长 31 天）',
      'AirGate、火山引擎模拟器和飞书模拟器的时间一起前进；途中按检查间隔（默认每 10 分钟）检查消费，一次最多 24 次，',
      '所以很长的快进会以更长的间隔检查。账单按小时出，约晚 1 小时可见；模拟时间不能倒退，重启沙盒回到现在。',
    ].join('\n'),
    advanced: (span: string, to: string, checks: number, alerts: number, disabled: string, enabled: string) =>
      `⏩ 模拟时间前进 ${span}，现在是 ${to}；检查消费 ${checks} 次：告警 ${alerts} 条，禁用 ${disabled || '无'}，恢复 ${enabled || '无'}（告警卡片发在群里：/group 查看）`,
    busy: (n: number) => `（${n} 次检查因另一轮检查正在进行而跳过）`,
  },
  en: {
    switched: (who: string, where: string) => `—— you are ${who} now, in "${where}" ——`,
    noSuchUser: (who: string, all: string) => `no user ${who}; choose one of: ${all}`,
    noSuchGroup: (name: string, all: string) =>
      `you are in no group "${name}"${all ? `; choose one of: ${all}` : ' (you are in no group)'}`,
    help: (sandbox: boolean) =>
      [
        '/as NAME       become someone else (Alice, Bob, Carol, Dave in the sandbox)',
        '/group [NAME]  enter a group (default: the first one)   /dm back to the direct chat with the bot',
        ...(sandbox
          ? [
              '/advance DURATION  time-lapse (e.g. 10m, 1h, 2d; at most 31 days; spending checked on the way, at most 24 times)',
              '/tour          the tour again',
            ]
          : []),
      ].join('\n'),
    badAdvance: [
      'usage: /advance DURATION, e.g. /advance 10m, /advance 1h, /advance 1.5h, /advance 2d (at most 31 days)',
      "AirGate's clock and both simulators' move together; spending is checked on the way at the check interval",
      '(every 10 minutes by default), at most 24 times per advance, so a long jump checks less often. Bills come',
      'hourly and show about an hour late; simulated time never goes back (restart the sandbox for the present).',
    ].join('\n'),
    advanced: (span: string, to: string, checks: number, alerts: number, disabled: string, enabled: string) =>
      `⏩ simulated time +${span}, now ${to}; spending checked ${checks} times: ${alerts} alerts, disabled ${disabled || 'none'}, re-enabled ${enabled || 'none'} (alert cards go to the group: /group)`,
    busy: (n: number) => `(${n} checks skipped: another check was running)`,
  },
};

/**
 * The terminal chat of `airgate chat` (its session and interactive loop, reused as they are), plus what
 * the sandbox adds on top: `/as NAME` becomes someone else, `/group` and `/dm` change chat, `/tour`
 * prints the tour again. This reader owns the terminal (line editing, the prompt); each session's loop
 * gets whole lines and prints through it.
 */
export async function runSandboxChat(o: SandboxChatOptions): Promise<void> {
  const w = words[o.locale];
  const t = chatText(o.locale);
  const tty = (o.output as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: o.input, output: o.output, terminal: tty });
  const stop = () => rl.close();
  o.signal?.addEventListener('abort', stop, { once: true });
  // Ctrl-C in the line editor: end the chat (the sandbox then stops), as in any terminal program.
  rl.on('SIGINT', stop);
  const lines = rl[Symbol.asyncIterator]();
  const client = new SimClient(o.simUrl, t.unreachable);
  let who = o.as;
  let chat: string | undefined = o.startChat;
  const sandbox = o.advance !== undefined || o.tour !== undefined;
  /** The group `/group NAME` means, among the groups `who` is in (its chat_id), or a line saying why not. */
  const findGroup = async (name: string | undefined): Promise<{ chatId: string } | { error: string }> => {
    const users = await client.users();
    const me = users.find((u) => u.openId === who || u.name.toLowerCase() === who.toLowerCase());
    const groups = (await client.chats()).filter(
      (c) => c.type === 'group' && (!me || c.members.includes(me.openId)),
    );
    const want = name?.toLowerCase();
    const found = want
      ? groups.find((c) => c.chatId === name || c.name.toLowerCase() === want)
      : (groups.find((c) => c.chatId === o.groupId) ?? groups[0]);
    return found
      ? { chatId: found.chatId }
      : { error: w.noSuchGroup(name ?? '', groups.map((g) => g.name || g.chatId).join(', ')) };
  };

  // What a session prints: whole lines above the prompt; a text without a newline is a prompt or a question.
  const screen = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const s = chunk.toString();
      if (!s.endsWith('\n')) {
        rl.setPrompt(s);
        rl.prompt(true);
      } else if (tty) {
        o.output.write(`\r\x1b[K${s}`);
        rl.prompt(true);
      } else o.output.write(s);
      cb();
    },
  });

  try {
    for (;;) {
      if (o.signal?.aborted) return;
      const session = await ChatSession.open(client, {
        as: who,
        chat,
        locale: o.locale,
        color: tty,
      });
      screen.write(`${w.switched(session.me.name, session.title)}\n`);
      const feed = new PassThrough();
      const running = runInteractive(session, { input: feed, output: screen });
      let next: { who?: string; chat?: string | null } | 'quit' = 'quit';
      for (;;) {
        const r = await lines.next();
        if (r.done) break;
        const line = r.value.trim();
        const as = /^\/as\s+(\S+)\s*$/i.exec(line);
        if (as) {
          const name = o.people.find((p) => p.toLowerCase() === as[1]!.toLowerCase());
          if (name) {
            next = { who: name };
            break;
          }
          screen.write(`${w.noSuchUser(as[1]!, o.people.join(', '))}\n`);
        } else if (line === '/dm') {
          next = { chat: null };
          break;
        } else if (/^\/group(\s|$)/i.test(line)) {
          const found = await findGroup(line.replace(/^\/group\s*/i, '') || undefined);
          if ('error' in found) screen.write(`${found.error}\n`);
          else {
            next = { chat: found.chatId };
            break;
          }
        } else if (line === '/help') {
          screen.write(`${t.help}\n${w.help(sandbox)}\n`);
        } else if (/^\/advance\b/i.test(line) && o.advance) {
          const ms = parseDuration(line.replace(/^\/advance\s*/i, ''));
          if (ms === null) screen.write(`${w.badAdvance}\n`);
          else screen.write(`${await o.advance(ms)}\n`);
        } else if (line === '/tour' && o.tour) screen.write(`${o.tour()}\n`);
        else if (line === '/quit' || line === '/exit') break;
        else feed.write(`${r.value}\n`);
      }
      feed.end();
      await running;
      if (next === 'quit') return;
      if (next.who !== undefined) who = next.who;
      if (next.chat !== undefined) chat = next.chat ?? undefined;
    }
  } finally {
    o.signal?.removeEventListener('abort', stop);
    rl.close();
  }
}

/** 600000 → "10 分钟" / "10 min"; 5400000 → "1 小时 30 分钟" / "1 h 30 min" (whole minutes). */
export function formatDuration(ms: number, locale: Locale): string {
  const total = Math.round(ms / 60_000);
  const [d, h, m] = [Math.floor(total / 1440), Math.floor((total % 1440) / 60), total % 60];
  const units = locale === 'zh' ? ['天', '小时', '分钟'] : ['d', 'h', 'min'];
  const parts = [d, h, m].flatMap((n, i) => (n > 0 ? [`${n} ${units[i]}`] : []));
  return parts.length ? parts.join(' ') : locale === 'zh' ? '0 分钟' : '0 min';
}

/** What the sandbox's advance() reports (its SandboxAdvance; the CLI does not import the simulators). */
export type AdvanceReport = {
  to: Date;
  checks: number;
  busy: number;
  alerts: number;
  disabled: readonly string[];
  enabled: readonly string[];
};

/** The line `/advance` prints: how far, the virtual time now, what the checks on the way did. */
export function advanceSummary(r: AdvanceReport, ms: number, locale: Locale): string {
  const w = words[locale];
  const sep = locale === 'zh' ? '、' : ', ';
  const line = w.advanced(
    formatDuration(ms, locale),
    formatShanghai(r.to, { zone: true }),
    r.checks,
    r.alerts,
    r.disabled.join(sep),
    r.enabled.join(sep),
  );
  return r.busy > 0 ? `${line}${w.busy(r.busy)}` : line;
}

/** `90m`, `1h`, `1.5h`, `2d` → milliseconds (at most 31 days); anything else → null. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/i.exec(text.trim());
  if (!m) return null;
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2]!.toLowerCase() as 'm' | 'min' | 'h' | 'd'
  ];
  const ms = Math.round(Number(m[1]) * unit);
  return ms > 0 && ms <= 31 * 86_400_000 ? ms : null;
}
