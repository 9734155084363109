import type { CardElement, CardHeader, CardJson, HeaderColor, TagColor, TextObject } from './types.js';

/** Feishu caps button, option and placeholder text at 100 characters (feishu-cards.md §3). */
export const MAX_LABEL = 100;

export function clip(s: string, max = MAX_LABEL): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function plain(content: string): TextObject {
  return { tag: 'plain_text', content };
}

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '*': '&#42;',
  '~': '&#126;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '|': '&#124;',
  '\\': '&#92;',
};

/**
 * Escapes text from people (names, reasons, notes) for a markdown component: no mention, link, HTML tag,
 * code span or emphasis can be smuggled in (`<at id=all>` in a reason would otherwise ping the whole chat).
 * Character references (part of CommonMark) rather than backslashes, whose support in Feishu's markdown is
 * undocumented. An underscore inside a word (`ml_team`) cannot start emphasis, so it stays readable.
 */
export function escapeMd(s: string): string {
  return s
    .replace(/[&<>*~`[\]|\\]/g, (ch) => ENTITY[ch] ?? ch)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '&#95;')
    .replace(/^([#+-])(?=\s|$)/, (ch) => `&#${ch.charCodeAt(0)};`)
    .replace(/^(\d+)\.(?=\s)/, '$1&#46;')
    .replace(/[\r\n]+/g, ' ');
}

export type CardOptions = { header?: CardHeader; elements: CardElement[]; summary?: string };

/** A shared (update_multi) JSON 2.0 card: updates after a click are seen by everyone in the chat. */
export function card(o: CardOptions): CardJson {
  const summary = o.summary ?? o.header?.title.content;
  return {
    schema: '2.0',
    config: {
      update_multi: true,
      width_mode: 'fill',
      ...(summary ? { summary: { content: clip(summary) } } : {}),
    },
    ...(o.header ? { header: o.header } : {}),
    body: { elements: o.elements },
  };
}

export type Tag = { text: string; color: HeaderColor | TagColor };

/** Header colours and tag colours differ a little: grey and default tags are `neutral`. */
function tagColor(c: Tag['color']): TagColor {
  return c === 'grey' || c === 'default' ? 'neutral' : c;
}

export function header(
  title: string,
  color: HeaderColor,
  opts: { subtitle?: string; tags?: Tag[] } = {},
): CardHeader {
  return {
    title: plain(title),
    template: color,
    ...(opts.subtitle ? { subtitle: plain(opts.subtitle) } : {}),
    ...(opts.tags?.length
      ? {
          text_tag_list: opts.tags.slice(0, 3).map((t) => ({
            tag: 'text_tag' as const,
            text: plain(clip(t.text, 20)),
            color: tagColor(t.color),
          })),
        }
      : {}),
  };
}

export function markdown(
  content: string,
  opts: { size?: 'normal' | 'notation' | 'heading'; align?: 'left' | 'center' | 'right' } = {},
): CardElement {
  return {
    tag: 'markdown',
    content,
    ...(opts.size ? { text_size: opts.size } : {}),
    ...(opts.align ? { text_align: opts.align } : {}),
  };
}

/** Plain text: shown exactly as given, no markdown, so it is the safe home for anything a person typed. */
export function text(
  content: string,
  opts: { color?: 'default' | 'grey' | 'red' | 'green' | 'orange'; size?: 'normal' | 'notation' } = {},
): CardElement {
  return {
    tag: 'div',
    text: {
      tag: 'plain_text',
      content,
      ...(opts.size ? { text_size: opts.size } : {}),
      ...(opts.color ? { text_color: opts.color } : {}),
    },
  };
}

/** 2.0 has no `note` component: a grey notation-size div is the replacement (feishu-cards.md §1). */
export function note(content: string): CardElement {
  return text(content, { size: 'notation', color: 'grey' });
}

export function hr(): CardElement {
  return { tag: 'hr' };
}

/** Label/value pairs, two per row; values are escaped. */
export function fields(
  pairs: ReadonlyArray<readonly [string, string]>,
  opts: { raw?: boolean } = {},
): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'bisect',
    horizontal_spacing: 'medium',
    columns: pairs.map(([label, value]) => ({
      tag: 'column',
      width: 'weighted',
      weight: 1,
      elements: [markdown(`**${escapeMd(label)}**\n${opts.raw ? value : escapeMd(value)}`)],
    })),
  };
}

/** Side-by-side elements in one row (buttons, mostly); each column takes its natural width. */
export function row(elements: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: 'small',
    columns: elements.map((e) => ({ tag: 'column', width: 'auto', elements: [e] })),
  };
}

export function panel(title: string, elements: CardElement[], expanded = false): CardElement {
  return {
    tag: 'collapsible_panel',
    expanded,
    header: { title: { tag: 'markdown', content: `**${escapeMd(title)}**` } },
    elements,
  };
}
