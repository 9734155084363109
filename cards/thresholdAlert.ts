import { spendingLayersLine, type SpendingLayersView } from './lib/spendingParts.js';
import { translator } from './i18n/index.js';
import { alertButtons, burnLine, projectBreakdown, type ProjectSpend } from './lib/alertParts.js';
import { card, escapeMd, header, markdown } from './lib/builders.js';
import { formatPercent } from './lib/format.js';
import {
  freshnessNote,
  percentFor,
  quotaBlock,
  type Freshness,
  type QuotaFigures,
  type SubRef,
} from './lib/parts.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';

/** A stepped alert: the highest threshold crossed this cycle (one card even if several were crossed). */
export type ThresholdAlertView = {
  sub: SubRef & { owner?: string | null };
  threshold: number;
  quota: QuotaFigures;
  projects: readonly ProjectSpend[];
  /** Average spending per hour over the last 24 h. */
  /** null: not enough data yet (shown so, never as 0). */
  burnPerHour: MoneyLike | null;
  /** The bill's part and the estimate's, when the estimate is on. */
  layers?: SpendingLayersView | null;
  /** Hours until the remaining quota is used at that rate; null when nothing is being spent. */
  exhaustsInHours: number | null;
  freshness: Freshness;
  now: Date;
};

export function thresholdAlertCard(v: ThresholdAlertView, locale: Locale): CardJson {
  const t = translator(locale);
  const pct = formatPercent(percentFor(v.quota));
  return card({
    header: header(
      t('alert.threshold.title', { name: v.sub.name, threshold: v.threshold }),
      v.threshold >= 90 ? 'red' : 'orange',
      {
        subtitle: t('alert.threshold.subtitle', { percent: pct }),
      },
    ),
    elements: [
      markdown(
        t('alert.threshold.body', { name: escapeMd(v.sub.name), threshold: v.threshold, percent: pct }),
      ),
      ...quotaBlock(t, v.quota, v.threshold),
      ...(v.layers ? [spendingLayersLine(t, v.layers)] : []),
      burnLine(t, v.burnPerHour, v.exhaustsInHours, locale),
      projectBreakdown(t, v.projects, v.quota.spent),
      alertButtons(t, v.sub),
      freshnessNote(t, v.freshness, v.now, locale),
    ],
  });
}
