import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note, text } from './lib/builders.js';
import { formatShanghai } from './lib/format.js';
import type { SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';

/** A disable or re-enable failed on Volcengine; it is retried next cycle, and people are told meanwhile. */
export type EnforcementFailedView = {
  sub: SubRef;
  action: 'disable' | 'enable';
  attempts: number;
  /** A short, secret-free reason (error code and message). */
  reason: string;
  at: Date;
};

export function enforcementFailedCard(v: EnforcementFailedView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t(`alert.failed.${v.action}`, { name: v.sub.name }), 'red'),
    elements: [
      markdown(t(`alert.failed.${v.action}Body`, { name: escapeMd(v.sub.name) })),
      text(v.reason, { color: 'red' }),
      fields([
        [t('alert.failed.attempts'), String(v.attempts)],
        [t('alert.sync.at'), formatShanghai(v.at, { zone: true })],
      ]),
      note(t('alert.failed.retry')),
    ],
  });
}
