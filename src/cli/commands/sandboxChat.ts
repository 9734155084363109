import { PassThrough, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { runInteractive } from '../chat/interactive.js';
import type { Locale } from '../chat/renderCard.js';
import { ChatSession } from '../chat/session.js';
import { SimClient } from '../chat/simClient.js';
import { chatText } from '../chat/text.js';

export type SandboxChatOptions = {
  simUrl: string;
  /** Who the chat starts as (a simulator user's name). */
  as: string;
  /** The sandbox group, for /group. */
  groupId: string;
  people: readonly string[];
  locale: Locale;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Printed on /tour. */
  tour: () => string;
  /** `/advance 1h`: moves the simulated Volcengine clock and runs a spending check; returns a summary line. */
  advance?: (ms: number) => Promise<string>;
  /** Ends the chat (Ctrl-C, shutdown). */
  signal?: AbortSignal;
};

const words = {
  zh: {
    switched: (who: string, where: string) => `—— 现在你是 ${who}，在「${where}」中 ——`,
    noSuchUser: (who: string, all: string) => `没有用户 ${who}；可选：${all}`,
    badAdvance: '用法：/advance 时长，如 /advance 1h、/advance 30m（模拟火山引擎的时间前进并立即检查消费）',
  },
  en: {
    switched: (who: string, where: string) => `—— you are ${who} now, in "${where}" ——`,
    noSuchUser: (who: string, all: string) => `no user ${who}; choose one of: ${all}`,
    badAdvance:
      'usage: /advance DURATION, e.g. /advance 1h or /advance 30m (moves simulated Volcengine time, then checks spending)',
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
  let inGroup = false;

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
        chat: inGroup ? o.groupId : undefined,
        locale: o.locale,
      });
      screen.write(`${w.switched(session.me.name, session.title)}\n`);
      const feed = new PassThrough();
      const running = runInteractive(session, { input: feed, output: screen });
      let next: { who?: string; group?: boolean } | 'quit' = 'quit';
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
        } else if (line === '/group' || line === '/dm') {
          next = { group: line === '/group' };
          break;
        } else if (/^\/advance\b/i.test(line) && o.advance) {
          const ms = parseDuration(line.replace(/^\/advance\s*/i, ''));
          if (ms === null) screen.write(`${w.badAdvance}\n`);
          else screen.write(`${await o.advance(ms)}\n`);
        } else if (line === '/tour') screen.write(`${o.tour()}\n`);
        else if (line === '/quit' || line === '/exit') break;
        else feed.write(`${r.value}\n`);
      }
      feed.end();
      await running;
      if (next === 'quit') return;
      if (next.who !== undefined) who = next.who;
      if (next.group !== undefined) inGroup = next.group;
    }
  } finally {
    o.signal?.removeEventListener('abort', stop);
    rl.close();
  }
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
