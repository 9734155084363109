import { translator } from './i18n/index.js';
import { card, header, markdown, row } from './lib/builders.js';
import { button, select } from './lib/interactive.js';
import type { SubRef } from './lib/parts.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type QuotaPickerView = { subs: readonly SubRef[] };

/** Up to this many sub-accounts are buttons; more are one dropdown. */
const BUTTONS = 12;

/** "额度" without a name, for someone who can see several sub-accounts: one click opens one quota card. */
export function quotaPickerCard(v: QuotaPickerView, locale: Locale): CardJson {
  const t = translator(locale);
  const elements: CardElement[] = [markdown(t('quotaPick.body', { count: v.subs.length }))];
  if (v.subs.length <= BUTTONS) {
    for (let i = 0; i < v.subs.length; i += 3)
      elements.push(
        row(v.subs.slice(i, i + 3).map((s) => button(s.name, actionValue('quota.open', { sub: s.id })))),
      );
  } else {
    elements.push(
      select({
        placeholder: t('quotaPick.title'),
        options: v.subs.map((s) => ({ label: s.name, value: s.id })),
        value: actionValue('quota.pick', {}),
      }),
    );
  }
  return card({ header: header(t('quotaPick.title'), 'blue'), elements });
}
