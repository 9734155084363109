import { translator, type Translate } from './i18n/index.js';
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

const SOURCES = ['chat', 'card', 'cli', 'api', 'system'] as const;

/**
 * Who wrote an entry and through what, in the reader's words: "Bob（卡片）", "系统" (never "system
 * (system)"); the channel is left out where the name already says it (CLI …, API key …).
 */
function operatorText(t: Translate, operator: string, source: string): string {
  if (operator === 'system' || source === 'system')
    return operator === 'system' ? t('history.system') : operator;
  if (/^(CLI|API key) /.test(operator)) return operator;
  const via = (SOURCES as readonly string[]).includes(source)
    ? t(`history.src.${source as (typeof SOURCES)[number]}`)
    : source;
  return t('history.by', { who: operator, via });
}

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
    operator: operatorText(t, e.operator, e.source),
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
