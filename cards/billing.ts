import { translator } from './i18n/index.js';
import { card, fields, header, note } from './lib/builders.js';
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
};

export const BILLING_PAGE_SIZE = 25;

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
      ...(p.total === 0 ? [note(t('billing.empty'))] : []),
      ...pager(t, p, (page) =>
        actionValue('billing.open', { page, month: v.month, ...(sub ? { sub } : {}) }),
      ),
      note(v.asOf ? t('billing.asOf', { at: formatShanghai(v.asOf, { zone: true }) }) : t('billing.noData')),
    ],
  });
}
