export type Mention = { key: string; id: { open_id?: string | undefined }; name?: string | undefined };

export type CommandText = {
  /** The command word, lower-cased, without a leading slash; '' when the message is empty. */
  name: string;
  /** The words after it. */
  args: string[];
  /** Everything after the command word, trimmed (for free-text arguments). */
  rest: string;
  /** The whole text with the bot's mentions removed. */
  text: string;
  /** Whether the message @-mentions the bot. */
  mentionsBot: boolean;
  /**
   * The message type when the bot cannot read it as text (an image, a file, a sticker…): the sender
   * gets a short hint instead of a command.
   */
  unsupported?: string;
};

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const WIDE_SPACE = /[\u00a0\u3000]/g;
/** Placeholders Feishu puts where people are mentioned: @_user_1, @_user_2… (and @_all). */
const LEADING_MENTIONS = /^\s*(?:@_(?:user_\d+|all)\s*)+/;

/** The message types whose text the bot reads. */
export const READABLE_TYPES = ['text', 'post'] as const;

/**
 * Reads a message's content as a command: text (`{"text":"@_user_1 ping"}`) or rich text (`post`,
 * whose paragraphs of text, link and @ elements are joined into one line). Mentions arrive as
 * placeholders numbered in order of appearance (`@_user_1 @_user_2 帮助` when a colleague is mentioned
 * before the bot) and resolved through `mentions`: the bot's are removed wherever they stand, and every
 * mention in front of the command word is dropped (nobody's name is a command). Without the bot's
 * open_id, leading placeholders are taken as the bot's (Feishu pushes group messages only when the
 * bot is mentioned). Other types (image, file, sticker…) give undefined.
 */
export function parseCommandText(
  content: string,
  mentions: Mention[] | undefined,
  botOpenId: string | undefined,
  messageType = 'text',
): CommandText | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    return undefined;
  }
  const read = messageType === 'post' ? postText(raw) : messageType === 'text' ? plainText(raw) : undefined;
  if (read === undefined) return undefined;
  let text = read.replace(INVISIBLE, '').replace(WIDE_SPACE, ' ');
  const list = mentions ?? [];
  const botKeys = botOpenId ? list.filter((m) => m.id.open_id === botOpenId).map((m) => m.key) : [];
  const mentionsBot = botOpenId ? botKeys.length > 0 : list.length > 0;

  // "@_user_1" must not take the start of "@_user_10".
  for (const key of botKeys) text = text.replace(new RegExp(`${escapeRegExp(key)}(?!\\d)`, 'g'), ' ');
  text = text.replace(LEADING_MENTIONS, ' ');
  text = text.trim();
  const words = text.split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const name = first.replace(/^[/／]+/, '').toLowerCase();
  const rest = first ? text.slice(text.indexOf(first) + first.length).trim() : '';
  return { name, args: words.slice(1), rest, text, mentionsBot };
}

/** Whether a message the bot cannot read mentions it (then it still deserves an answer in a group). */
export function mentionsOf(mentions: Mention[] | undefined, botOpenId: string | undefined): boolean {
  const list = mentions ?? [];
  return botOpenId ? list.some((m) => m.id.open_id === botOpenId) : list.length > 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function plainText(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const text = (raw as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}

/**
 * A received `post`: `{"title": "...", "content": [[{"tag":"text","text":"..."}, {"tag":"at",
 * "user_id":"@_user_1"}, {"tag":"a","text":"...","href":"..."}, {"tag":"img",...}], ...]}` (one array
 * per paragraph; no language layer, unlike the send format). Only what a person typed counts: text,
 * link text, code and the @ placeholders; images, emoji and media are left out. The title is read
 * only when the body has no text.
 */
function postText(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const post = raw as { title?: unknown; content?: unknown };
  if (!Array.isArray(post.content)) return undefined;
  const lines: string[] = [];
  for (const paragraph of post.content) {
    if (!Array.isArray(paragraph)) continue;
    let line = '';
    for (const el of paragraph as unknown[]) {
      if (typeof el !== 'object' || el === null) continue;
      const e = el as { tag?: unknown; text?: unknown; user_id?: unknown };
      if ((e.tag === 'text' || e.tag === 'a' || e.tag === 'code_block') && typeof e.text === 'string')
        line += e.text;
      else if (e.tag === 'at' && typeof e.user_id === 'string') line += ` ${e.user_id} `;
    }
    lines.push(line);
  }
  const body = lines.join('\n').trim();
  if (body) return body;
  return typeof post.title === 'string' ? post.title : '';
}
