import { translator } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { formatMoney, formatShanghai, formatSignedMoney } from './lib/format.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type LedgerRow = {
  seq: number;
  at: Date;
  /** Signed: allocations positive, deductions negative. */
  amount: MoneyLike;
  balanceAfter: MoneyLike;
  operator: string;
  source: string;
  note: string;
};

/** A sub-account's ledger, newest first; the card shows one page. */
export type HistoryView = { sub: SubRef; entries: readonly LedgerRow[]; page: number };

export const HISTORY_PAGE_SIZE = 20;

export function historyCard(v: HistoryView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.entries, v.page, HISTORY_PAGE_SIZE);
  const columns = [
    { name: 'seq', label: '#' },
    { name: 'at', label: t('history.col.at') },
    { name: 'amount', label: t('history.col.amount'), align: 'right' as const },
    { name: 'balance', label: t('history.col.balance'), align: 'right' as const },
    { name: 'operator', label: t('history.col.operator') },
    { name: 'note', label: t('history.col.note'), width: '25%' },
  ];
  const rows = p.items.map((e) => ({
    seq: String(e.seq),
    at: formatShanghai(e.at),
    amount: formatSignedMoney(e.amount),
    balance: formatMoney(e.balanceAfter),
    operator: `${e.operator} (${e.source})`,
    note: e.note,
  }));
  return card({
    header: header(t('history.title', { name: v.sub.name }), 'blue'),
    elements: [
      table(columns, rows, 10),
      ...(p.total === 0 ? [note(t('history.empty'))] : []),
      ...pager(t, p, (page) => actionValue('user.history', { sub: v.sub.id, page })),
      note(t('history.footer')),
    ],
  });
}
