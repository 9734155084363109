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
};

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const WIDE_SPACE = /[\u00a0\u3000]/g;

/**
 * Reads a text message's content (`{"text":"@_user_1 ping"}`) as a command. Mentions arrive as
 * placeholders (`@_user_1`) resolved through `mentions`; the bot's own are removed wherever they stand.
 * Without the bot's open_id, leading placeholders are taken as the bot's (Feishu pushes group messages
 * only when the bot is mentioned).
 */
export function parseCommandText(
  content: string,
  mentions: Mention[] | undefined,
  botOpenId: string | undefined,
): CommandText | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || typeof (raw as { text?: unknown }).text !== 'string') {
    return undefined;
  }
  let text = (raw as { text: string }).text.replace(INVISIBLE, '').replace(WIDE_SPACE, ' ');
  const list = mentions ?? [];
  const botKeys = botOpenId ? list.filter((m) => m.id.open_id === botOpenId).map((m) => m.key) : [];
  const mentionsBot = botOpenId ? botKeys.length > 0 : list.length > 0;

  if (botOpenId) {
    for (const key of botKeys) text = text.split(key).join(' ');
  } else {
    text = text.replace(/^\s*(?:@_user_\d+\s*)+/, ' ');
  }
  text = text.trim();
  const words = text.split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const name = first.replace(/^[/／]+/, '').toLowerCase();
  const rest = first ? text.slice(text.indexOf(first) + first.length).trim() : '';
  return { name, args: words.slice(1), rest, text, mentionsBot };
}
