import { translator } from './i18n/index.js';
import { card, header } from './lib/builders.js';
import { formatMoney, formatPercent } from './lib/format.js';
import { select } from './lib/interactive.js';
import { paginate } from './lib/paging.js';
import { pager, percentFor, statusLabel, type SubRef, type SubStatus } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type UserListRow = SubRef & {
  status: SubStatus;
  quota: MoneyLike;
  spent: MoneyLike;
  percent?: MoneyLike | number;
  monitoredProjects: number;
  totalProjects: number;
};

/** Every sub-account (the card shows one page of them) and the page wanted. */
export type UserListView = { rows: readonly UserListRow[]; page: number };

/** 20 rows keep a page near 8 KB even with long names; the list is paged, never cut. */
export const USER_PAGE_SIZE = 20;

export function userListCard(v: UserListView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.rows, v.page, USER_PAGE_SIZE);
  const columns = [
    { name: 'name', label: t('users.col.name'), width: '30%' },
    { name: 'status', label: t('users.col.status') },
    { name: 'quota', label: t('quota.quota'), align: 'right' as const },
    { name: 'spent', label: t('quota.spent'), align: 'right' as const },
    { name: 'percent', label: '%', align: 'right' as const },
    { name: 'projects', label: t('users.col.projects') },
  ];
  const rows = p.items.map((r) => ({
    name: r.name,
    status: statusLabel(t, r.status),
    quota: formatMoney(r.quota),
    spent: formatMoney(r.spent),
    percent: formatPercent(percentFor(r)),
    projects: `${r.monitoredProjects}/${r.totalProjects}`,
  }));
  const elements = [table(columns, rows, 10)];
  if (p.items.length) {
    elements.push(
      select({
        placeholder: t('users.open'),
        options: p.items.map((r) => ({ label: r.name, value: r.id })),
        value: actionValue('user.pick', {}),
      }),
    );
  }
  elements.push(...pager(t, p, (page) => actionValue('users.page', { page })));
  return card({
    header: header(t('users.title', { total: p.total }), 'blue', { subtitle: t('users.subtitle') }),
    elements,
  });
}
