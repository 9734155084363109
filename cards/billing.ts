import { translator } from './i18n/index.js';
import { card, escapeMd, fields, header, markdown, note } from './lib/builders.js';
import { progressMarkdown } from './lib/chart.js';
import { formatMoney, formatShanghai } from './lib/format.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { shownTotal } from './lib/shownTotal.js';
import { table } from './lib/table.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type BillingRow = {
  project: string;
  subAccount?: string | null;
  amount: MoneyLike;
  monitored: boolean;
};

/** One Asia/Shanghai bill month, per project: one sub-account's, or every sub-account's (paged). */
/** A sub-account's quota as it stands now (all allocations against all counted spending). */
export type BillingQuota = { name: string; quota: MoneyLike; spent: MoneyLike };

export type BillingView = {
  month: string;
  sub?: SubRef;
  rows: readonly BillingRow[];
  total: MoneyLike;
  /** What counts towards quotas: the monitored projects only. */
  monitoredTotal: MoneyLike;
  page: number;
  /** The newest bill row seen for the month. */
  asOf?: Date | null;
  /** The quota of each sub-account (by user name): the card draws its percent and bar beside its rows. */
  quotas?: readonly BillingQuota[];
};

export const BILLING_PAGE_SIZE = 25;

/** One line per sub-account on this page: how much of its quota is used, as a bar (coloured as the alerts are). */
function quotaLines(t: ReturnType<typeof translator>, v: BillingView, shown: readonly BillingRow[]) {
  if (!v.quotas?.length) return [];
  const names = new Set(shown.map((r) => r.subAccount).filter((n): n is string => !!n));
  const lines = v.quotas
    .filter((q) => names.has(q.name) || (v.sub && q.name === v.sub.name))
    .map(
      (q) =>
        `${t('billing.quotaLine', { name: escapeMd(q.name), spent: formatMoney(q.spent), quota: formatMoney(q.quota) })}\n${progressMarkdown(q.spent, q.quota)}`,
    );
  return lines.length ? [markdown([`**${t('billing.quotaUse')}**`, ...lines].join('\n'))] : [];
}

export function billingCard(v: BillingView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.rows, v.page, BILLING_PAGE_SIZE);
  const columns = [
    { name: 'project', label: t('billing.col.project'), width: '35%' },
    ...(v.sub ? [] : [{ name: 'sub', label: t('billing.col.sub') }]),
    { name: 'amount', label: t('billing.col.amount'), align: 'right' as const },
    { name: 'monitored', label: t('billing.col.monitored') },
  ];
  const rows = p.items.map((r) => ({
    project: r.project,
    sub: r.subAccount ?? t('billing.unassigned'),
    amount: formatMoney(r.amount),
    monitored: r.monitored ? t('common.yes') : t('common.no'),
  }));
  const sub = v.sub?.id;
  return card({
    header: header(
      v.sub
        ? t('billing.titleFor', { name: v.sub.name, month: v.month })
        : t('billing.title', { month: v.month }),
      'blue',
    ),
    elements: [
      fields([
        // The totals add up the rows as shown (to the cent), not the exact 6-decimal amounts.
        [t('billing.total'), formatMoney(shownTotal(v.rows.map((r) => r.amount)))],
        [
          t('billing.monitoredTotal'),
          formatMoney(shownTotal(v.rows.filter((r) => r.monitored).map((r) => r.amount))),
        ],
      ]),
      table(columns, rows, 10),
      ...quotaLines(t, v, p.items),
      ...(p.total === 0 ? [note(t('billing.empty'))] : []),
      ...pager(t, p, (page) =>
        actionValue('billing.open', { page, month: v.month, ...(sub ? { sub } : {}) }),
      ),
      note(v.asOf ? t('billing.asOf', { at: formatShanghai(v.asOf, { zone: true }) }) : t('billing.noData')),
    ],
  });
}
