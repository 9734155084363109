import type { Translate } from '../i18n/index.js';
import { markdown } from './builders.js';
import { formatMoney, formatShanghai } from './format.js';
import type { CardElement, MoneyLike } from './types.js';

/** Spending by layer (issue 14): what the bill shows, and what the estimate adds since. */
export type SpendingLayersView = {
  final: MoneyLike;
  estimated: MoneyLike;
  /** the last day the bill covers alone, 'YYYY-MM-DD' (Shanghai) */
  finalAsOf: string | null;
  /** how fresh the estimate is */
  estimatedAsOf: Date | null;
};

/** "已出账 ¥X（截至 11-28）+ 估算 ¥Y（截至 14:05）". */
export function spendingLayersLine(t: Translate, v: SpendingLayersView): CardElement {
  return markdown(
    t('spending.layers', {
      final: formatMoney(v.final),
      finalAsOf: v.finalAsOf ? v.finalAsOf.slice(5) : '—',
      estimated: formatMoney(v.estimated),
      estimatedAsOf: v.estimatedAsOf ? formatShanghai(v.estimatedAsOf).slice(-5) : '—',
    }),
  );
}

/** A burn rate for a line of text: "数据不足" when unknown, never ¥0.00. */
export function burnText(t: Translate, burnPerHour: MoneyLike | null | undefined): string {
  return burnPerHour == null ? t('spending.burn.none') : formatMoney(burnPerHour);
}
