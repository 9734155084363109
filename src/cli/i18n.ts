import type { Locale } from '../domain/locale.js';

/**
 * The CLI's language: Chinese unless AIRGATE_LOCALE=en. Read straight from the environment because
 * help texts are built before (and without) a valid configuration.
 */
export function cliLocale(): Locale {
  return process.env.AIRGATE_LOCALE?.trim() === 'en' ? 'en' : 'zh';
}

/** Picks the text of the CLI's language. */
export function t(zh: string, en: string): string {
  return cliLocale() === 'en' ? en : zh;
}
