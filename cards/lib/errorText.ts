import type { Locale } from './types.js';
import { catalogs, interpolate, type MessageKey } from '../i18n/index.js';

type Param = string | number | readonly string[];

/** What an edge knows of a refusal: a reason with parameters (services), or a sentence already written. */
export type RefusalWords = {
  readonly message: string;
  readonly refusal?:
    { readonly reason: string; readonly params?: Readonly<Record<string, Param>> } | undefined;
};

const isKey = (key: string): key is MessageKey => key in catalogs.zh;

/**
 * The words of a refusal in one language. A reason comes from the `error.*` keys (a list parameter is
 * joined with that language's "or"); a sentence written as "中文 / English" gives its half, any other
 * sentence reads as written.
 */
export function errorText(err: RefusalWords | unknown, locale: Locale): string {
  if (!isWords(err)) return String(err);
  const key = `error.${err.refusal?.reason ?? ''}`;
  if (err.refusal && isKey(key)) {
    const catalog = catalogs[locale];
    const params = Object.fromEntries(
      Object.entries(err.refusal.params ?? {}).map(([k, v]) => [
        k,
        // `cause`: the text of the error beneath (a reason's log form, or a sentence), read in this language.
        typeof v === 'object'
          ? v.join(catalog['common.or'])
          : k === 'cause'
            ? storedErrorText(String(v), locale)
            : v,
      ]),
    );
    return interpolate(catalog[key], params);
  }
  // A reason in its log form can reach here as a plain message (e.g. through a zod issue at the chat edge).
  return storedErrorText(err.message, locale);
}

/** Both languages in one line, as REST `detail` and the CLI have always shown them. */
export function errorTextBoth(err: RefusalWords | unknown): string {
  if (!isWords(err)) return String(err);
  if (err.refusal && isKey(`error.${err.refusal.reason}`))
    return `${errorText(err, 'zh')} / ${errorText(err, 'en')}`;
  // A sentence "中文 / English" reads as written; a reason in its log form, in both languages.
  const zh = storedErrorText(err.message, 'zh');
  const en = storedErrorText(err.message, 'en');
  return zh === en ? err.message : `${zh} / ${en}`;
}

/** The half of "中文 / English" in one language; text without the separator reads the same in both. */
export function halfOf(message: string, locale: Locale): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return locale === 'zh' ? message.slice(0, i) : message.slice(i + 3);
}

function isWords(err: unknown): err is RefusalWords {
  // An Error, or a refusal a use case reports without throwing (e.g. the project error of user create).
  return (
    err instanceof Error ||
    (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string')
  );
}

/**
 * A refusal a service stored as text (an alert's or a lever's reason): its log form "reason {params}" in the
 * reader's words; any other text (a Volcengine message, "中文 / English") as `errorText` reads a sentence.
 */
export function storedErrorText(text: string, locale: Locale): string {
  const m = /^([a-z_]+)(?: (\{.*\}))?$/.exec(text);
  if (!m || !isKey(`error.${m[1]}`)) return halfOf(text, locale);
  let params: Record<string, Param> = {};
  try {
    params = m[2] ? (JSON.parse(m[2]) as Record<string, Param>) : {};
  } catch {
    return text;
  }
  return errorText({ message: text, refusal: { reason: m[1]!, params } }, locale);
}
