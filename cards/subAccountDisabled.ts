import { spendingLayersLine, type SpendingLayersView } from './lib/spendingParts.js';
import { translator } from './i18n/index.js';
import { alertButtons, burnLine, projectBreakdown, type ProjectSpend } from './lib/alertParts.js';
import { card, escapeMd, header, markdown, note } from './lib/builders.js';
import { enforceabilityBlock, type ArkEnforceabilityView } from './lib/arkEnforceability.js';
import { formatShanghai } from './lib/format.js';
import {
  freshnessNote,
  joinNames,
  quotaBlock,
  type Freshness,
  type QuotaFigures,
  type SubRef,
} from './lib/parts.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';

/** Red: the quota is used up, so AirGate turned the sub-account off; exactly what was turned off is listed. */
export type SubAccountDisabledView = {
  sub: SubRef;
  quota: QuotaFigures;
  projects: readonly ProjectSpend[];
  /** Access key ids set to inactive (ids only). */
  accessKeys: readonly string[];
  /** Console login was disallowed. */
  login: boolean;
  at: Date;
  /** null: not enough data yet (shown so, never as 0). */
  burnPerHour: MoneyLike | null;
  /** The bill's part and the estimate's, when the estimate is on. */
  layers?: SpendingLayersView | null;
  freshness: Freshness;
  now: Date;
  /** What AirGate cannot stop in the sub-account's monitored projects (the enforceability report), if known. */
  enforceability?: ArkEnforceabilityView | null;
};

export function subAccountDisabledCard(v: SubAccountDisabledView, locale: Locale): CardJson {
  const t = translator(locale);
  return card({
    header: header(t('alert.disabled.title', { name: v.sub.name }), 'red', {
      tags: [{ text: t('status.disabled'), color: 'red' }],
    }),
    elements: [
      markdown(
        t('alert.disabled.body', { name: escapeMd(v.sub.name), at: formatShanghai(v.at, { zone: true }) }),
      ),
      markdown(
        [
          `**${t('alert.disabled.what')}**`,
          t('done.keysOff', { keys: joinNames(t, v.accessKeys) }),
          t(v.login ? 'done.loginOff' : 'done.loginSame'),
        ].join('\n'),
      ),
      ...(v.enforceability ? [enforceabilityBlock(t, v.enforceability)] : []),
      ...quotaBlock(t, v.quota),
      ...(v.layers ? [spendingLayersLine(t, v.layers)] : []),
      burnLine(t, v.burnPerHour, 0, locale),
      projectBreakdown(t, v.projects, v.quota.spent),
      note(t('alert.disabled.restore')),
      alertButtons(t, v.sub),
      freshnessNote(t, v.freshness, v.now, locale),
    ],
  });
}
