import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note, text } from './lib/builders.js';
import { formatShanghai } from './lib/format.js';
import type { CardJson, Locale } from './lib/types.js';

/** Billing data for an account came back incomplete: no disable was decided from it (RELIABILITY D1). */
export type SyncErrorView = {
  account: string;
  at: Date;
  /** A short, secret-free reason: an error code, "page 3 of 7 failed", "unparsable amount". */
  reason: string;
  /** Cycles in a row that ended this way. */
  consecutive: number;
  subAccounts: number;
  /** The newest bill row from the last complete sweep. */
  lastCompleteAt?: Date | null;
};

export function syncErrorCard(v: SyncErrorView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('alert.sync.title', { account: v.account }), v.consecutive > 2 ? 'red' : 'orange'),
    elements: [
      markdown(t('alert.sync.body', { account: escapeMd(v.account), count: v.subAccounts })),
      text(v.reason, { color: 'red' }),
      fields([
        [t('alert.sync.at'), formatShanghai(v.at, { zone: true })],
        [t('alert.sync.consecutive'), String(v.consecutive)],
      ]),
      ...(v.consecutive > 2 ? [markdown(`<font color='red'>${t('alert.sync.escalate')}</font>`)] : []),
      note(
        v.lastCompleteAt
          ? t('alert.sync.lastComplete', { at: formatShanghai(v.lastCompleteAt, { zone: true }) })
          : t('fresh.none'),
      ),
      note(t('alert.sync.retry')),
    ],
  });
}
