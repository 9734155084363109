import type { ClickResult, SimMessage } from '../../../src/sim/feishu/server.js';
import { callbackValue } from '../../../src/sim/feishu/callbacks.js';
import { people, type Person, type World } from './world.js';

type Card = Record<string, unknown>;

/** Polls until `check` returns something (or throws naming `what` after `timeoutMs`). */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type Reply = {
  said: { messageId: string; chatId: string; eventId: string };
  message: SimMessage;
  card: Card;
  text: string;
};

/**
 * `who` types `text` (in their DM with the bot, or @-mentioning the bot in `chatId`) and waits for the
 * bot's one reply to it. Returns the reply card and all of its visible text flattened (for `toContain`).
 */
export async function say(
  w: World,
  who: Person,
  text: string,
  opts: { chatId?: string } = {},
): Promise<Reply> {
  const said = await w.feishu.say({
    from: people[who].openId,
    text,
    ...(opts.chatId ? { chatId: opts.chatId, mentions: [w.feishu.bot.openId] } : {}),
  });
  if (!said.delivered) throw new Error(`message not delivered: ${said.error ?? said.status}`);
  const message = await waitFor(`the reply to "${text}"`, () =>
    w.feishu.messages({ from: 'bot' }).find((m) => m.parentId === said.messageId),
  );
  const card = message.card ?? {};
  return { said, message, card, text: cardText(card) };
}

/** Every text a person would read on a card (titles, markdown, plain text, labels, table cells), one per line. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.tag === 'table' && Array.isArray(n.rows)) {
      for (const c of (n.columns ?? []) as Array<{ display_name?: string }>)
        if (c.display_name) out.push(c.display_name);
      for (const r of n.rows as Array<Record<string, unknown>>)
        out.push(Object.values(r).map(String).join(' | '));
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'content' && typeof v === 'string') out.push(v);
      else if (k !== 'behaviors' && k !== 'value' && k !== 'rows') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

/** Every interactive component's callback value on a card (buttons, selects, form submits). */
export function callbackValues(card: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const v = callbackValue(node as Record<string, unknown>);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) out.push(v as Record<string, unknown>);
    for (const [k, child] of Object.entries(node)) if (k !== 'behaviors' && k !== 'value') walk(child);
  };
  walk(card);
  return out;
}

/** The callback value of the component whose action id (`a`) is `action`. */
export function valueOf(card: unknown, action: string): Record<string, unknown> {
  const v = callbackValues(card).find((x) => x.a === action);
  if (!v) throw new Error(`no ${action} component on the card`);
  return v;
}

/** `who` clicks the component carrying `value` on message `messageId` (with a form's values, a select's option). */
export async function click(
  w: World,
  who: Person,
  messageId: string,
  value: Record<string, unknown>,
  extra: { formValue?: Record<string, unknown>; option?: string; allowUnknownValue?: boolean } = {},
): Promise<ClickResult> {
  return w.feishu.click({ from: people[who].openId, messageId, value, ...extra });
}

/** `who` presses 「批准」 on a copy of a request card, with `amount` typed in its form (and a note). */
export function clickApprove(
  w: World,
  who: Person,
  copy: SimMessage,
  amount: string,
  note = '',
): Promise<ClickResult> {
  return click(w, who, copy.messageId, valueOf(copy.card, 'request.approve'), {
    formValue: { approve_amount: amount, approve_note: note },
  });
}

/** Bot messages in a chat, or in a person's DM with the bot. */
export function botMessages(w: World, where: { chatId?: string; dmOf?: Person }): SimMessage[] {
  return w.feishu
    .messages({ from: 'bot' })
    .filter((m) => (where.chatId ? m.chatId === where.chatId : true))
    .filter((m) =>
      where.dmOf
        ? m.chatType === 'p2p' &&
          w.feishu
            .chats()
            .some((c) => c.chatId === m.chatId && c.members.includes(people[where.dmOf!].openId))
        : true,
    );
}

/** Waits for the outbox to drain (every queued message delivered). */
export async function settled(w: World): Promise<void> {
  // A click's follow-up (an Approve's decision and card redraw) runs after its answer: wait for it first.
  await w.deps.feishu?.processor.idle();
  await waitFor(
    'the outbox to drain',
    async () => (await w.deps.outbox.stats(w.deps.db)).pending === 0 || undefined,
  );
}
