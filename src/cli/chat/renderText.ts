/** Feishu rich text (markdown, <at>, <font>, i18n objects) as plain terminal text. Pure. */
import type { Locale } from '../../domain/locale.js';
export type { Locale };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Feishu's colour names (card templates, <font color>, text tags) as ANSI SGR codes. */
const ANSI: Record<string, string> = {
  red: '31',
  carmine: '31',
  green: '32',
  lime: '32',
  orange: '33',
  yellow: '33',
  blue: '34',
  indigo: '34',
  purple: '35',
  violet: '35',
  wathet: '36',
  turquoise: '36',
  grey: '90',
  gray: '90',
};

/** Text in a Feishu colour on a terminal (`color`), as it is otherwise; unknown colours stay plain. */
export function paint(text: string, colour: string | undefined, color: boolean | undefined): string {
  const code = colour ? ANSI[colour.toLowerCase()] : undefined;
  return color && code && text ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** Markdown and Feishu tags to readable text: <at>, <font>, links, emphasis (colour on a terminal). */
export function inlineText(s: string, names: Record<string, string> = {}, color = false): string {
  return s
    .replace(
      /<at (?:id|user_id|open_id)=["']?([^"'\s>]+)["']?\s*>(.*?)<\/at>/g,
      (_m, id: string, label: string) => `@${label || names[id] || id}`,
    )
    .replace(/<font[^>]*?color=["']?([a-z_-]+)["']?[^>]*>(.*?)<\/font>/g, (_m, c: string, t: string) =>
      paint(t, c, color),
    )
    .replace(/<font[^>]*>(.*?)<\/font>/g, '$1')
    .replace(/<text_tag[^>]*>(.*?)<\/text_tag>/g, '[$1]')
    .replace(/<\/?[a-z_]+[^>]*>/g, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g, decodeEntity);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Cards escape people's text with character references (cards/lib escapeMd); show it as typed. */
function decodeEntity(_m: string, dec?: string, hex?: string, name?: string): string {
  if (dec) return String.fromCodePoint(Number(dec));
  if (hex) return String.fromCodePoint(parseInt(hex, 16));
  return NAMED_ENTITIES[name ?? ''] ?? '';
}

/** A text object ({tag, content, i18n_content}) in the reader's language. */
export function localizedText(
  t: unknown,
  locale: Locale,
  names: Record<string, string> = {},
  color = false,
): string {
  if (typeof t === 'string') return inlineText(t, names, color);
  if (!isObj(t)) return '';
  const i18n = isObj(t.i18n_content) ? t.i18n_content : isObj(t.i18n) ? t.i18n : undefined;
  const localized = i18n?.[locale === 'zh' ? 'zh_cn' : 'en_us'];
  return inlineText(String(localized ?? t.content ?? t.text ?? ''), names, color);
}

/** A text or post message as one readable string. */
export function renderTextContent(
  msgType: string,
  content: string,
  names: Record<string, string> = {},
  /** the message's mentioned open_ids, in order: Feishu writes them into a user's text as @_user_1, @_user_2… */
  mentions: readonly string[] = [],
): string {
  try {
    const parsed = JSON.parse(content) as Obj;
    if (msgType === 'text') {
      const text = String(parsed.text ?? '')
        .replace(/<at user_id="([^"]+)">(.*?)<\/at>/g, '<at id=$1>$2</at>')
        .replace(/@_user_(\d+)/g, (m, n: string) => {
          const id = mentions[Number(n) - 1];
          return id ? `@${names[id] ?? id}` : m;
        });
      return inlineText(text, names);
    }
    if (msgType === 'post') {
      const post = (isObj(parsed.zh_cn) ? parsed.zh_cn : isObj(parsed.en_us) ? parsed.en_us : parsed) as Obj;
      const paragraphs = arr(post.content).map((p) =>
        arr(p)
          .map((seg) => (isObj(seg) ? String(seg.text ?? seg.user_name ?? '') : ''))
          .join(''),
      );
      return [post.title ? String(post.title) : '', ...paragraphs].filter(Boolean).join('\n');
    }
  } catch {
    return content;
  }
  return `[${msgType}]`;
}
