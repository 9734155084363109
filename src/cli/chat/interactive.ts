import { createInterface, type Interface } from 'node:readline/promises';
import { AppError } from '../../errors.js';
import type { Clickable } from './renderCard.js';
import { isMulti, listOptions, pickOption } from './renderForm.js';
import { formatReply, type ChatSession, type Reply } from './session.js';

/** The interactive terminal chat: type to talk, numbers press buttons, replies appear as they come. */
export async function runInteractive(
  session: ChatSession,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<void> {
  const t = session.t;
  const tty = (io.output as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: io.input, output: io.output, terminal: tty });
  // Taken before any await: lines typed (or piped) meanwhile are buffered, not lost.
  const lines = rl[Symbol.asyncIterator]();
  const print = (out: string[]) => {
    if (out.length === 0) return;
    io.output.write(`${tty ? '\r\x1b[K' : ''}${out.join('\n')}\n`);
    if (tty) rl.prompt(true);
  };
  const show = (replies: Reply[]) => print(replies.flatMap((r) => formatReply(r, t)));
  rl.setPrompt(session.prompt);
  print([t.intro(session.me.name, session.title)]);
  show(await session.history(10, false));

  let closed = false;
  let last = (await session.client.info()).lastSeq;
  const poller = (async () => {
    while (!closed) {
      try {
        const { replies, last: next } = await session.collect(last, {
          quietMs: 300,
          timeoutMs: 2000,
          perCard: false,
        });
        last = next;
        if (!closed) show(replies);
      } catch (err) {
        if (!closed) print([`⚠ ${err instanceof Error ? err.message : String(err)}`]);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();

  rl.prompt();
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const raw = next.value;
    const line = raw.trim();
    try {
      if (line === '/quit' || line === '/exit') break;
      else if (line === '/help') print([t.help]);
      else if (line === '/history') show(await session.history(10, false));
      else if (line === '/users')
        print((await session.client.users()).map((u) => `  ${u.name}  ${u.openId}`));
      else if (line === '/chats')
        print((await session.client.chats()).map((c) => `  ${c.name || c.type}  ${c.chatId}  (${c.type})`));
      else if (/^\d+$/.test(line)) await press(session, rl, Number(line), print);
      else if (line !== '') {
        const sent = await session.say(line);
        if (!sent.delivered)
          print([sent.status === 0 && !sent.error ? t.notForBot : t.notDelivered(sent.status, sent.error)]);
      }
    } catch (err) {
      print([`⚠ ${err instanceof AppError || err instanceof Error ? err.message : String(err)}`]);
    }
    rl.prompt();
  }
  closed = true;
  rl.close();
  await poller;
}

async function press(
  session: ChatSession,
  rl: Interface,
  n: number,
  print: (lines: string[]) => void,
): Promise<void> {
  const t = session.t;
  const target = session.pressable.get(n);
  if (!target) return print([t.noButton(String(n))]);
  const c: Clickable = target.clickable;
  if (c.disabled) return print([t.disabled]);
  if (c.url && c.value === undefined) return print([t.opensUrl(c.url)]);
  const extra: { formValue?: Record<string, unknown>; option?: string; inputValue?: string } = {};
  if (c.form) {
    extra.formValue = {};
    for (const f of c.form.fields) {
      const answer = (
        await rl.question(f.options ? t.choose(f.label, listOptions(f.options)) : t.field(f.label, f.initial))
      ).trim();
      if (answer === '') {
        extra.formValue[f.name] = f.initial ?? '';
        continue;
      }
      if (!f.options) {
        extra.formValue[f.name] = answer;
        continue;
      }
      const picked = pickOption(f.options, answer, isMulti(f.tag));
      if (picked === undefined) return print([t.pick(answer)]);
      extra.formValue[f.name] = picked;
    }
  } else if (c.options) {
    const answer = (await rl.question(t.choose(c.label, listOptions(c.options)))).trim();
    const picked = pickOption(c.options, answer);
    if (typeof picked !== 'string') return print([t.pick(answer)]);
    extra.option = picked;
  } else if (c.tag === 'input') {
    extra.inputValue = (await rl.question(t.field(c.label))).trim();
  }
  const res = await session.press(target.messageId, c, extra);
  if (res.error) print([t.callbackFailed(res.error.code, res.error.msg)]);
}
