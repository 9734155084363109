import type { MentionInput } from './envelopes.js';
import { newId } from './ids.js';
import type { SimRuntime } from './runtime.js';
import { SimInputError } from './say.js';

/** Message types a simulated person can send besides text (what arrives, not what the bot may send). */
export type UserMsgType = 'text' | 'post' | 'image' | 'file' | 'sticker' | 'audio' | 'media';

/**
 * Mentions become placeholders as in Feishu: "@Ann Approver @AirGate 帮助" → "@_user_1 @_user_2 帮助",
 * numbered in order of appearance in the text, whoever is mentioned (the bot is not always @_user_1).
 * Explicit mention ids without an "@Name" in the text are put in front, in the order given. Each
 * occurrence gets its own placeholder (unverified for a person mentioned twice: the harsher reading).
 */
export function placeMentions(
  rt: SimRuntime,
  raw: string,
  ids: string[],
): { text: string; mentions: MentionInput[] } {
  const { state } = rt;
  const known = [
    { openId: state.bot.openId, unionId: state.bot.unionId, userId: '', name: state.bot.name },
    ...[...state.users.values()].map((u) => ({
      openId: u.openId,
      unionId: u.unionId,
      userId: u.userId,
      name: u.name,
    })),
  ];
  const front: string[] = [];
  for (const id of ids) {
    const who = known.find((k) => k.openId === id);
    if (!who) throw new SimInputError(`cannot mention unknown user ${id}`, 404);
    if (!who.name || !raw.includes(`@${who.name}`)) front.push(`@${who.name || who.openId}`);
  }
  let text = front.length > 0 ? `${front.join(' ')} ${raw}` : raw;
  // Every "@Name" of a known person, longest names first so "@Ann" does not take "@Ann Approver".
  const found: Array<{ at: number; length: number; who: (typeof known)[number] }> = [];
  const taken = (at: number, length: number) => found.some((f) => at < f.at + f.length && f.at < at + length);
  const byLength = [...known].sort((a, b) => b.name.length - a.name.length);
  for (const who of byLength) {
    const tag = `@${who.name || who.openId}`;
    for (let at = text.indexOf(tag); at >= 0; at = text.indexOf(tag, at + tag.length))
      if (!taken(at, tag.length)) found.push({ at, length: tag.length, who });
  }
  found.sort((a, b) => a.at - b.at);
  const mentions = found.map((f, i) => ({ key: `@_user_${i + 1}`, ...f.who }));
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i]!;
    text = text.slice(0, f.at) + mentions[i]!.key + text.slice(f.at + f.length);
  }
  return { text, mentions };
}

/**
 * The content string Feishu delivers for a message of `type` typed as `text` (mentions already
 * placed). A post is received without the send format's language layer: `{"title", "content":
 * [[elements]]}`, one array per line, `@_user_N` as `at` elements (shape from the docs' received
 * content page; `user_name` presence unverified). Images, files and stickers carry only keys.
 */
export function userContent(type: UserMsgType, text: string, title = ''): string {
  switch (type) {
    case 'text':
      return JSON.stringify({ text });
    case 'post':
      return JSON.stringify({ title, content: text.split('\n').map(postLine) });
    case 'image':
      return JSON.stringify({ image_key: `img_v3_${newId.event().slice(0, 20)}` });
    case 'file':
      return JSON.stringify({ file_key: `file_v3_${newId.event().slice(0, 20)}`, file_name: 'report.xlsx' });
    case 'audio':
      return JSON.stringify({ file_key: `file_v3_${newId.event().slice(0, 20)}`, duration: 2000 });
    case 'media':
      return JSON.stringify({
        file_key: `file_v3_${newId.event().slice(0, 20)}`,
        image_key: `img_v3_${newId.event().slice(0, 20)}`,
        file_name: 'clip.mp4',
        duration: 2000,
      });
    case 'sticker':
      return JSON.stringify({ file_key: `v3_${newId.event().slice(0, 20)}` });
  }
}

function postLine(line: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const part of line.split(/(@_user_\d+)/)) {
    if (part === '') continue;
    if (/^@_user_\d+$/.test(part)) out.push({ tag: 'at', user_id: part, user_name: '', style: [] });
    else out.push({ tag: 'text', text: part, style: [] });
  }
  return out;
}
