import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note, row } from './lib/builders.js';
import { formatShanghai } from './lib/format.js';
import { button } from './lib/interactive.js';
import { joinNames, quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

/** Green: an allocation brought the sub-account under 100 %; exactly what was turned off is back on. */
export type SubAccountReEnabledView = {
  sub: SubRef;
  quota: QuotaFigures;
  /** Access key ids set back to active: only those AirGate had turned off. */
  accessKeys: readonly string[];
  login: boolean;
  at: Date;
  /** Who made the allocation that brought it back, if known. */
  allocatedBy?: string | null;
  /** No allocation: the disable was taken on estimated spending that the bill then showed under 100 %. */
  correctedByBill?: boolean;
};

export function subAccountReEnabledCard(v: SubAccountReEnabledView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('alert.reEnabled.title', { name: v.sub.name }), 'green', {
      tags: [{ text: t('status.active'), color: 'green' }],
    }),
    elements: [
      markdown(
        t('alert.reEnabled.body', { name: escapeMd(v.sub.name), at: formatShanghai(v.at, { zone: true }) }),
      ),
      ...(v.correctedByBill
        ? [markdown(t('spending.reEnabled.corrected', { spent: `¥${v.quota.spent}` }))]
        : v.allocatedBy
          ? [markdown(t('alert.reEnabled.by', { by: escapeMd(v.allocatedBy) }))]
          : []),
      markdown(
        [
          `**${t('alert.reEnabled.what')}**`,
          t('done.keysOn', { keys: joinNames(t, v.accessKeys) }),
          t(v.login ? 'done.loginOn' : 'done.loginSame'),
        ].join('\n'),
      ),
      ...quotaBlock(t, v.quota),
      note(t('alert.reEnabled.note')),
      row([button(t('action.open'), actionValue('user.open', { sub: v.sub.id }))]),
    ],
  });
}
