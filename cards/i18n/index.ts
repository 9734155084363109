import type { Locale } from '../lib/types.js';
import { en } from './en.js';
import { zh, type MessageKey } from './zh.js';

export type { MessageKey } from './zh.js';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { zh, en };

/** Fills `{name}` placeholders; an unknown placeholder stays visible so tests catch it. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** The translator of one language: `translator('en')('quota.title', { name })`. */
export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => interpolate(catalog[key], params);
}

/** Short alias: `const tr = t(locale)`. */
export const t = translator;

/** The language a Feishu user's locale string asks for ("en_us", "en-US" → en); Chinese otherwise. */
export function localeOf(value: string | null | undefined, fallback: Locale = 'zh'): Locale {
  if (!value) return fallback;
  return /^en/i.test(value) ? 'en' : /^zh/i.test(value) ? 'zh' : fallback;
}
