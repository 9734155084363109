import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, row } from './lib/builders.js';
import { button } from './lib/interactive.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type EnableAskView = { sub: SubRef; percent: string };

/**
 * Asked before enabling a sub-account that has used its whole quota: the next check would disable it
 * again. "Enable anyway" enables it (forced); "Cancel" changes nothing.
 */
export function enableAskCard(v: EnableAskView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('enableAsk.title', { name: v.sub.name }), 'orange'),
    elements: [
      markdown(t('enableAsk.body', { percent: v.percent })),
      markdown(t('enableAsk.hint', { name: escapeMd(v.sub.name) }), { size: 'notation' }),
      row([
        button(t('enableAsk.force'), actionValue('user.enable', { sub: v.sub.id, force: true }), {
          style: 'danger',
        }),
        button(t('confirm.cancel'), actionValue('confirm.cancel', {})),
      ]),
    ],
  });
}

/** What a cancelled confirmation becomes. */
export function cancelledCard(locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('confirm.cancelled.title'), 'grey'),
    elements: [markdown(t('confirm.cancelled.body'))],
  });
}
