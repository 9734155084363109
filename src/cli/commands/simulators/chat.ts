import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import type { Locale } from '../../chat/renderCard.js';
import { action, printJson } from '../../run.js';

type Opts = {
  as: string;
  chat?: string;
  sim?: string;
  say?: string;
  click?: string;
  form: string[];
  option?: string;
  input?: string;
  json?: boolean;
  at: boolean;
  lang?: string;
  timeout: string;
};

const DEFAULT_SIM = 'http://127.0.0.1:18090';

function simUrl(opt: string | undefined): string {
  if (opt) return opt.replace(/\/+$/, '');
  const base = process.env.FEISHU_BASE_URL;
  if (base && !/open\.(feishu\.cn|larksuite\.com)/.test(base)) return base.replace(/\/+$/, '');
  return DEFAULT_SIM;
}

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description(
      '以飞书模拟器中的某个用户身份与运行中的 AirGate 对话 / chat with a running AirGate through the Feishu simulator',
    )
    .requiredOption('--as <user>', 'user name or open_id in the simulator')
    .option('--chat <chat>', 'group name or chat_id (default: the direct chat with the bot)')
    .option('--sim <url>', `simulator URL (default: FEISHU_BASE_URL if local, else ${DEFAULT_SIM})`)
    .option('--say <text>', 'send one message, print the replies and exit')
    .option(
      '--click <n|label>',
      'press a button of the latest card (number or label), print the replies and exit',
    )
    .option(
      '--form <name=value>',
      'a form field for --click on a submit button (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--option <value>', 'the option to choose for --click on a select')
    .option('--input <text>', 'the text for --click on an input')
    .option('--json', 'print the replies as JSON (with --say/--click)')
    .option('--no-at', 'in a group, do not @mention the bot automatically')
    .option('--lang <zh|en>', 'language of the chat (default: AIRGATE_LOCALE or zh)')
    .option('--timeout <ms>', 'how long --say/--click wait for replies', '10000')
    .action(
      action(async (opts: Opts) => {
        // The terminal chat is loaded only when asked for: `airgate serve` and `--help` skip it.
        const { chatText } = await import('../../chat/text.js');
        const { SimClient } = await import('../../chat/simClient.js');
        const { ChatSession } = await import('../../chat/session.js');
        const { runSandboxChat } = await import('../sandboxChat.js');
        const { formatScript, runScript } = await import('../../chat/script.js');
        const locale: Locale = (opts.lang ?? process.env.AIRGATE_LOCALE) === 'en' ? 'en' : 'zh';
        const t = chatText(locale);
        const timeoutMs = Number(opts.timeout);
        if (!Number.isFinite(timeoutMs) || timeoutMs < 0)
          throw new UsageError('--timeout expects milliseconds');
        const form: Record<string, string> = {};
        for (const pair of opts.form) {
          const i = pair.indexOf('=');
          if (i <= 0) throw new UsageError(t.badForm(pair));
          form[pair.slice(0, i)] = pair.slice(i + 1);
        }
        const client = new SimClient(simUrl(opts.sim), t.unreachable);
        const session = await ChatSession.open(client, { as: opts.as, chat: opts.chat, locale });
        if (opts.say === undefined && opts.click === undefined) {
          // The same terminal chat as the sandbox's: /as, /group [NAME] and /dm switch person and chat.
          await runSandboxChat({
            simUrl: client.baseUrl,
            as: session.me.name,
            ...(session.chat ? { startChat: session.chat.chatId } : {}),
            people: (await client.users()).map((u) => u.name),
            locale,
            input: process.stdin,
            output: process.stdout,
          });
          return;
        }
        const result = await runScript(session, {
          say: opts.say,
          click: opts.click,
          form,
          option: opts.option,
          input: opts.input,
          mentionBot: opts.at,
          timeoutMs,
          quietMs: Math.min(1000, timeoutMs),
        });
        if (opts.json) printJson(result);
        else process.stdout.write(`${formatScript(session, result).join('\n')}\n`);
        if (!result.ok) process.exitCode = 6;
      }),
    );
}
