import { spendingLayersLine, type SpendingLayersView } from './lib/spendingParts.js';
import { translator } from './i18n/index.js';
import { alertButtons, burnLine, projectBreakdown, type ProjectSpend } from './lib/alertParts.js';
import { card, escapeMd, header, markdown } from './lib/builders.js';
import { formatHours } from './lib/format.js';
import { freshnessNote, quotaBlock, type Freshness, type QuotaFigures, type SubRef } from './lib/parts.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';

/** The 24 h burn rate says the quota runs out within the configured horizon, before any threshold says so. */
export type EarlyWarningView = {
  sub: SubRef;
  quota: QuotaFigures;
  projects: readonly ProjectSpend[];
  /** null: not enough data yet (shown so, never as 0). */
  burnPerHour: MoneyLike | null;
  /** The bill's part and the estimate's, when the estimate is on. */
  layers?: SpendingLayersView | null;
  exhaustsInHours: number;
  horizonHours: number;
  freshness: Freshness;
  now: Date;
};

export function earlyWarningCard(v: EarlyWarningView, locale: Locale): CardJson {
  const t = translator(locale);
  const eta = formatHours(v.exhaustsInHours, locale);
  return card({
    header: header(t('alert.early.title', { name: v.sub.name }), 'orange', {
      subtitle: t('alert.early.subtitle', { eta }),
    }),
    elements: [
      markdown(
        t('alert.early.body', {
          name: escapeMd(v.sub.name),
          eta,
          horizon: formatHours(v.horizonHours, locale),
        }),
      ),
      ...quotaBlock(t, v.quota),
      ...(v.layers ? [spendingLayersLine(t, v.layers)] : []),
      burnLine(t, v.burnPerHour, v.exhaustsInHours, locale),
      projectBreakdown(t, v.projects, v.quota.spent),
      alertButtons(t, v.sub),
      freshnessNote(t, v.freshness, v.now, locale),
    ],
  });
}
