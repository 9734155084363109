import { translator } from '../../../cards/i18n/index.js';
import { card, header, markdown, escapeMd } from '../../../cards/lib/builders.js';
import type { Renderer } from '../notifications/notifier.js';

const METHOD: Record<string, { zh: string; en: string }> = {
  urgent_app: { zh: '应用内', en: 'in-app' },
  urgent_sms: { zh: '短信', en: 'SMS' },
  urgent_phone: { zh: '电话', en: 'phone' },
};

/** The card an urgent call that kept failing leaves behind. */
export const urgentRenderers: { 'urgent.failed': Renderer<'urgent.failed'> } = {
  'urgent.failed': (v, locale) => {
    const t = translator(locale);
    return card({
      header: header(t('urgent.failed.title'), 'orange'),
      elements: [
        markdown(
          t('urgent.failed.body', {
            method: METHOD[v.method]?.[locale] ?? v.method,
            reason: escapeMd(v.reason),
            who: escapeMd(v.who.join(locale === 'zh' ? '、' : ', ')),
          }),
        ),
      ],
    });
  },
};
