import { translator, type Translate } from './i18n/index.js';
import { card, fields, header, markdown, note } from './lib/builders.js';
import { formatCount, formatShanghai } from './lib/format.js';
import { joinNames } from './lib/parts.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';

export type UserSyncView = {
  account?: string;
  at: Date;
  /** Sub-accounts found on Volcengine and now known to AirGate. */
  added: readonly string[];
  /** Known sub-accounts whose name or status changed on Volcengine. */
  updated: readonly string[];
  /** Known sub-accounts no longer on Volcengine. */
  missing: readonly string[];
  unchanged: number;
};

/** Names per group shown in the card; the users list has every one. */
const NAMES_MAX = 40;

function group(t: Translate, title: string, names: readonly string[]): CardElement[] {
  if (names.length === 0) return [];
  const shown = joinNames(t, names.slice(0, NAMES_MAX));
  const more = names.length > NAMES_MAX ? ` ${t('sync.more', { count: names.length - NAMES_MAX })}` : '';
  return [markdown(`**${title}** (${names.length})\n${shown}${more}`)];
}

export function userSyncReportCard(v: UserSyncView, locale: Locale): CardJson {
  const t = translator(locale);
  const changed = v.added.length + v.updated.length + v.missing.length;
  return card({
    header: header(t('sync.title'), changed ? 'blue' : 'green', v.account ? { subtitle: v.account } : {}),
    elements: [
      fields([
        [t('sync.added'), formatCount(v.added.length)],
        [t('sync.updated'), formatCount(v.updated.length)],
        [t('sync.missing'), formatCount(v.missing.length)],
        [t('sync.unchanged'), formatCount(v.unchanged)],
      ]),
      ...group(t, t('sync.added'), v.added),
      ...group(t, t('sync.updated'), v.updated),
      ...group(t, t('sync.missing'), v.missing),
      ...(v.missing.length ? [note(t('sync.missingNote'))] : []),
      note(t('sync.at', { at: formatShanghai(v.at, { zone: true }) })),
    ],
  });
}
