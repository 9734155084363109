import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note } from './lib/builders.js';
import { joinNames } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';

export type NotFoundKind = 'subAccount' | 'project' | 'policy' | 'request' | 'account' | 'member';
export type NotFoundView = { kind: NotFoundKind; name: string; suggestions: readonly string[] };

export function notFoundCard(v: NotFoundView, locale: Locale): CardJson {
  const t = translator(locale);
  const what = t(`notFound.kind.${v.kind}`);
  const elements = [markdown(t('notFound.body', { what, name: escapeMd(v.name) }))];
  if (v.suggestions.length)
    elements.push(markdown(t('notFound.didYouMean', { names: joinNames(t, v.suggestions.slice(0, 5)) })));
  elements.push(note(t('notFound.exact')));
  return card({ header: header(t('notFound.title', { what }), 'orange'), elements });
}
