import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown } from './lib/builders.js';
import type { CardJson, Locale } from './lib/types.js';

/** An urgent (加急) call for a delivered alert card that Feishu kept refusing. */
export type UrgentFailedView = {
  method: 'urgent_app' | 'urgent_sms' | 'urgent_phone';
  reason: string;
  /** Who should have been buzzed (names when known, else open_ids). */
  who: readonly string[];
};

const METHOD: Record<UrgentFailedView['method'], Record<Locale, string>> = {
  urgent_app: { zh: '应用内', en: 'in-app' },
  urgent_sms: { zh: '短信', en: 'SMS' },
  urgent_phone: { zh: '电话', en: 'phone' },
};

export function urgentFailedCard(v: UrgentFailedView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('urgent.failed.title'), 'orange'),
    elements: [
      markdown(
        t('urgent.failed.body', {
          method: METHOD[v.method][locale],
          reason: escapeMd(v.reason),
          who: escapeMd(v.who.join(locale === 'zh' ? '、' : ', ')),
        }),
      ),
    ],
  });
}
