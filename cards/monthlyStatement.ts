import { translator } from './i18n/index.js';
import { card, escapeMd, header, markdown, note } from './lib/builders.js';
import { formatMoney } from './lib/format.js';
import { table } from './lib/table.js';
import type { CardJson, Locale } from './lib/types.js';

/** What the summary shows (money as decimal strings, never floats). */
export type MonthlyStatementView = {
  period: string;
  account: string;
  totalSpending: string;
  billRows: number;
  subAccounts: ReadonlyArray<{
    name: string;
    quotaStart: string;
    allocations: string;
    spending: string;
    remaining: string;
    disables: number;
  }>;
  more: number;
  unattributed: string;
  toBase: boolean;
};

/** The month-end summary in the alert chat: totals and each sub-account's month (the full lines are in the CSV). */
export function monthlyStatementCard(v: MonthlyStatementView, locale: Locale): CardJson {
  const t = translator(locale);
  const rows = v.subAccounts.map((s) => ({
    sub: s.disables > 0 ? `${s.name} (${t('statement.disables', { count: s.disables })})` : s.name,
    start: formatMoney(s.quotaStart),
    alloc: formatMoney(s.allocations),
    spent: formatMoney(s.spending),
    remaining: formatMoney(s.remaining),
  }));
  return card({
    header: header(t('statement.title', { period: v.period, account: v.account }), 'blue'),
    elements: [
      markdown(
        t('statement.body', {
          period: v.period,
          total: formatMoney(v.totalSpending),
          rows: v.billRows,
          base: v.toBase ? t('statement.toBase') : '',
        }),
      ),
      rows.length
        ? table(
            [
              { name: 'sub', label: t('statement.col.sub') },
              { name: 'start', label: t('statement.col.start'), align: 'right' },
              { name: 'alloc', label: t('statement.col.alloc'), align: 'right' },
              { name: 'spent', label: t('statement.col.spent'), align: 'right' },
              { name: 'remaining', label: t('statement.col.remaining'), align: 'right' },
            ],
            rows,
          )
        : note(t('statement.none')),
      ...(v.more > 0 ? [note(t('statement.more', { count: v.more }))] : []),
      note(t('statement.unattributed', { amount: formatMoney(v.unattributed) })),
      note(escapeMd(t('statement.csv', { period: v.period }))),
    ],
  });
}
