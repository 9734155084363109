import type { statement as zh } from '../zh/statement.js';

/** English: the month-end statement and urgent alerts. Exactly the keys of the Chinese part. */
export const statement: Record<keyof typeof zh, string> = {
  'statement.title': '{period} statement · {account}',
  'statement.body':
    'The {period} bill is final. Total spending **{total}** ({rows} split-bill rows); per sub-account below, every line in the CSV, the REST API{base}.',
  'statement.toBase': ' and the Base table',
  'statement.col.sub': 'Sub-account',
  'statement.col.start': 'Start',
  'statement.col.alloc': 'Allocated',
  'statement.col.spent': 'Spent',
  'statement.col.remaining': 'Remaining',
  'statement.disables': 'disabled {count}×',
  'statement.more': '{count} more sub-accounts',
  'statement.unattributed': 'Spending no sub-account was charged for: {amount}',
  'statement.none': 'No sub-account this month.',
  'statement.csv': 'Export: `airgate statement {period}`',
  'urgent.failed.title': 'Urgent alert not delivered',
  'urgent.failed.body':
    'The card was delivered, but buzzing it ({method}) failed: {reason}. Please remind {who} yourself.',
};
