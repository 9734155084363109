import { UsageError } from '../../errors.js';
import type { Clickable } from './renderCard.js';
import type { ClickResult, SayResult } from '../../sim/feishu/server.js';
import { isMulti, pickOption } from './renderForm.js';
import { formatReply, pickButton, type ChatSession, type Reply } from './session.js';

export type ScriptOptions = {
  say?: string;
  click?: string;
  form: Record<string, string>;
  option?: string;
  input?: string;
  mentionBot: boolean;
  timeoutMs: number;
  quietMs: number;
};

export type ScriptResult = {
  as: { openId: string; name: string };
  chat: string;
  sent?: SayResult;
  clicked?: { messageId: string; label: string; url?: string } & Partial<
    Pick<ClickResult, 'status' | 'toast' | 'cardUpdated' | 'error'>
  >;
  replies: Reply[];
  ok: boolean;
};

/** `--say` then `--click`, for scripts: returns what the bot answered (buttons numbered per card). */
export async function runScript(session: ChatSession, o: ScriptOptions): Promise<ScriptResult> {
  const result: ScriptResult = {
    as: { openId: session.me.openId, name: session.me.name },
    chat: session.title,
    replies: [],
    ok: true,
  };
  const wait = { quietMs: o.quietMs, timeoutMs: o.timeoutMs, perCard: true };
  if (o.say !== undefined) {
    const before = (await session.client.info()).lastSeq;
    result.sent = await session.say(o.say, { mentionBot: o.mentionBot });
    if (result.sent.delivered) result.replies.push(...(await session.collect(before, wait)).replies);
    else if (result.sent.status !== 0 || result.sent.error) result.ok = false;
  }
  if (o.click !== undefined) {
    const pool = result.replies.some((r) => 'buttons' in r && r.buttons.length > 0)
      ? result.replies
      : await session.history(20, true);
    const picked = pickButton(pool, o.click);
    if (!picked) throw new UsageError(pool.length ? session.t.noButton(o.click) : session.t.noCard);
    const { messageId, clickable: c } = picked;
    if (c.disabled) throw new UsageError(session.t.disabled);
    result.clicked = { messageId, label: c.label, ...(c.url ? { url: c.url } : {}) };
    if (c.url && c.value === undefined) return result;
    const before = (await session.client.info()).lastSeq;
    // A select's answer may be typed as its label (what the card shows) or number: sent as its value.
    const asValue = (options: Clickable['options'], typed: string, multi = false) => {
      if (!options) return typed;
      const picked = pickOption(options, typed, multi);
      if (picked === undefined) throw new UsageError(session.t.pick(typed));
      return picked;
    };
    const formValue = c.form
      ? Object.fromEntries(
          Object.entries(o.form).map(([k, v]) => {
            const f = c.form!.fields.find((x) => x.name === k);
            return [k, f?.options ? asValue(f.options, v, isMulti(f.tag)) : v];
          }),
        )
      : undefined;
    const extra = {
      ...(formValue ? { formValue } : {}),
      ...(o.option !== undefined ? { option: asValue(c.options, o.option) as string } : {}),
      ...(o.input !== undefined ? { inputValue: o.input } : {}),
    };
    const res = await session.press(messageId, c, extra);
    Object.assign(result.clicked, {
      status: res.status,
      cardUpdated: res.cardUpdated,
      ...(res.toast ? { toast: res.toast } : {}),
      ...(res.error ? { error: res.error } : {}),
    });
    if (res.error) result.ok = false;
    result.replies.push(...(await session.collect(before, wait)).replies);
  }
  return result;
}

/** The same result as readable text. */
export function formatScript(session: ChatSession, r: ScriptResult): string[] {
  const t = session.t;
  const lines: string[] = [];
  if (r.sent && !r.sent.delivered)
    lines.push(
      r.sent.status === 0 && !r.sent.error ? t.notForBot : t.notDelivered(r.sent.status, r.sent.error),
    );
  if (r.clicked?.url) lines.push(t.opensUrl(r.clicked.url));
  if (r.clicked?.error) lines.push(t.callbackFailed(r.clicked.error.code, r.clicked.error.msg));
  for (const reply of r.replies) lines.push(...formatReply(reply, t));
  if (lines.length === 0 && (r.sent?.delivered || r.clicked)) lines.push(t.noReply);
  return lines;
}
