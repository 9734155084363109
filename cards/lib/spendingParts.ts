import type { Translate } from '../i18n/index.js';
import { markdown } from './builders.js';
import { formatHours, formatMoney, formatShanghai, toDecimal } from './format.js';
import type { CardElement, Locale, MoneyLike } from './types.js';

/** Spending by layer (issue 14): what the bill shows, and what the estimate adds since. */
export type SpendingLayersView = {
  final: MoneyLike;
  estimated: MoneyLike;
  /** the last day the bill covers alone, 'YYYY-MM-DD' (Shanghai) */
  finalAsOf: string | null;
  /** how fresh the estimate is */
  estimatedAsOf: Date | null;
  /** what the bill detail (5-minute rows, not yet split to projects) adds on top of the split bill */
  billed?: MoneyLike | null;
  /** the end of the hours the bill detail covers; null/absent when it covers none */
  billedAsOf?: Date | null;
};

/** Whether anything beyond the split bill is counted: an estimate or the bill detail's part above zero. */
export function hasFreshPart(l: SpendingLayersView): boolean {
  return !toDecimal(l.estimated).isZero() || (l.billed != null && !toDecimal(l.billed).isZero());
}

/**
 * "已出账 ¥X（截至 11-28）+ 估算 ¥Y（截至 14:05）", with the bill detail's part between them once it covers
 * some hours: "… + 已计费未分账 ¥B（截至 14:00）+ …". A team with nothing beyond the split bill (no Ark
 * usage, or none since the bill) reads "已出账 ¥X（截至 11-28）" alone, not "+ 估算 ¥0.00".
 */
export function spendingLayersLine(t: Translate, v: SpendingLayersView): CardElement {
  const common = {
    final: formatMoney(v.final),
    finalAsOf: v.finalAsOf ? v.finalAsOf.slice(5) : '—',
    estimated: formatMoney(v.estimated),
    estimatedAsOf: v.estimatedAsOf ? formatShanghai(v.estimatedAsOf).slice(-5) : '—',
  };
  if (!hasFreshPart(v)) return markdown(t('spending.finalOnly', common));
  if (v.billedAsOf && v.billed != null)
    return markdown(
      t('billed.layers', {
        ...common,
        billed: formatMoney(v.billed),
        billedAsOf: formatShanghai(v.billedAsOf).slice(-5),
      }),
    );
  return markdown(t('spending.layers', common));
}

/** A burn rate for a line of text: "数据不足" when unknown, never ¥0.00. */
export function burnText(t: Translate, burnPerHour: MoneyLike | null | undefined): string {
  return burnPerHour == null ? t('spending.burn.none') : formatMoney(burnPerHour);
}

/** How fast the money goes and how long it lasts, now and once a request is approved. */
export type BurnLasts = {
  perHour: MoneyLike | null;
  exhaustsInHours: number | null;
  afterApprovalHours: number | null;
};

/**
 * "按当前速度 ¥X/小时，约 N 后用完；批准 ¥A 后约 M": unknown rate → "数据不足" (never ¥0.00); nothing
 * being spent → no end in sight.
 */
export function burnLastsLine(t: Translate, b: BurnLasts, amount: MoneyLike, locale: Locale): string {
  if (b.perHour == null) return t('spending.burn.unknown');
  if (b.exhaustsInHours == null) return t('spending.lasts.idle');
  const now = t('spending.lasts.now', {
    rate: formatMoney(b.perHour),
    eta: formatHours(b.exhaustsInHours, locale),
  });
  if (b.afterApprovalHours == null) return now;
  return t('spending.lasts.afterApproval', {
    now,
    amount: formatMoney(amount),
    eta: formatHours(b.afterApprovalHours, locale),
  });
}

/** "估算偏差：model A +20%、model B -3%（已校准）": the raw estimate against the final bill, per model. */
export function estimateErrorLine(
  t: Translate,
  errors: ReadonlyArray<{ model: string; percent: string; project?: string | null }>,
): string {
  const name = (e: { model: string; project?: string | null }) =>
    e.project ? t('billed.projectModel', { project: e.project, model: e.model }) : e.model;
  return t('spending.estimateError', {
    list: errors.map((e) => `${name(e)} ${e.percent}%`).join(t('spending.listSeparator')),
  });
}
