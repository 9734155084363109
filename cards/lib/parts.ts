import type { Translate } from '../i18n/index.js';
import { escapeMd, fields, note, row, type Tag } from './builders.js';
import { progressMarkdown } from './chart.js';
import { formatAgo, formatMoney, formatPercent, formatShanghai, percentOf } from './format.js';
import { button } from './interactive.js';
import type { Page } from './paging.js';
import type { CardElement, Locale, MoneyLike, Role } from './types.js';
import type { ActionValue } from './values.js';

/** A sub-account as cards name it; `id` goes into button values, `name` is shown. */
export type SubRef = { id: string; name: string };
export type SubStatus = 'active' | 'disabling' | 'disabled' | 'enabling' | 'missing';
export type QuotaFigures = {
  quota: MoneyLike;
  spent: MoneyLike;
  remaining: MoneyLike;
  percent?: MoneyLike | number;
};

const STATUS_COLOR: Record<SubStatus, Tag['color']> = {
  active: 'green',
  disabling: 'orange',
  disabled: 'red',
  enabling: 'orange',
  missing: 'neutral',
};

export function statusLabel(t: Translate, s: SubStatus): string {
  return t(`status.${s}`);
}

export function statusTag(t: Translate, s: SubStatus): Tag {
  return { text: statusLabel(t, s), color: STATUS_COLOR[s] };
}

export function roleList(t: Translate, roles: readonly Role[]): string {
  return roles.length ? roles.map((r) => t(`role.${r}`)).join(t('common.or')) : t('role.none');
}

export function percentFor(q: { spent: MoneyLike; quota: MoneyLike; percent?: MoneyLike | number }) {
  return q.percent ?? percentOf(q.spent, q.quota);
}

/** Quota, spent, remaining, percent and a progress line: the block every quota-related card shows. */
export function quotaBlock(t: Translate, q: QuotaFigures, warnAt = 80): CardElement[] {
  return [
    fields([
      [t('quota.quota'), formatMoney(q.quota)],
      [t('quota.spent'), formatMoney(q.spent)],
      [t('quota.remaining'), formatMoney(q.remaining)],
      [t('quota.percent'), formatPercent(percentFor(q))],
    ]),
    { tag: 'markdown', content: progressMarkdown(q.spent, q.quota, warnAt) },
  ];
}

export type Freshness = {
  /** The newest bill row seen; null when no bill data arrived yet. */
  newestBillRowAt: Date | null;
  /** Burn rate × (bill lag + check interval): how far spending may already be past what the bill shows. */
  worstCaseOverspend: MoneyLike | null;
};

/** Every alert says how fresh its data is (issue 7): the newest bill row, and the overspend the lag allows. */
export function freshnessNote(t: Translate, f: Freshness, now: Date, locale: Locale): CardElement {
  const seen = f.newestBillRowAt
    ? t('fresh.newest', {
        at: formatShanghai(f.newestBillRowAt, { zone: true }),
        ago: formatAgo(f.newestBillRowAt, now, locale),
      })
    : t('fresh.none');
  const overspend =
    f.worstCaseOverspend === null
      ? t('fresh.overspendUnknown')
      : t('fresh.overspend', { amount: formatMoney(f.worstCaseOverspend) });
  return note(`${seen} ${overspend}`);
}

/** "第 2/10 页 · 共 200 条" and Previous / Next buttons (only those that lead somewhere). */
export function pager(t: Translate, p: Page<unknown>, to: (page: number) => ActionValue): CardElement[] {
  const out: CardElement[] = [note(t('page.position', { page: p.page, pages: p.pageCount, total: p.total }))];
  const buttons: CardElement[] = [];
  if (p.page > 1) buttons.push(button(t('page.prev'), to(p.page - 1)));
  if (p.page < p.pageCount) buttons.push(button(t('page.next'), to(p.page + 1)));
  if (buttons.length) out.push(row(buttons));
  return out;
}

/** A bulleted list of names for markdown; every name escaped. */
export function nameList(names: readonly string[]): string {
  return names.map((n) => `- ${escapeMd(n)}`).join('\n');
}

/** Names joined in one line, each escaped: "a、b、c" / "a, b, c". */
export function joinNames(t: Translate, names: readonly string[]): string {
  return names.length ? names.map(escapeMd).join(t('common.sep')) : t('common.none');
}
