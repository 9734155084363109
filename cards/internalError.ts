import { translator } from './i18n/index.js';
import { card, fields, header, markdown, note } from './lib/builders.js';
import type { CardJson, Locale } from './lib/types.js';

export type InternalErrorView = { requestId: string };

export function internalErrorCard(v: InternalErrorView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('internal.title'), 'red'),
    elements: [
      markdown(t('internal.body')),
      fields([[t('common.requestId'), v.requestId]]),
      note(t('internal.footer')),
    ],
  });
}
