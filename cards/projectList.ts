import { translator } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { select } from './lib/interactive.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type VolcProjectRow = {
  name: string;
  displayName?: string;
  /** The sub-account already watching this project (a project counts for one sub-account only). */
  takenBy?: string | null;
};

/** Volcengine's projects. With `sub`, choosing one in the dropdown adds it to that sub-account. */
export type ProjectListView = {
  projects: readonly VolcProjectRow[];
  page: number;
  sub?: SubRef;
  /** The main account listed, named when there are several (the pager keeps it). */
  account?: string;
};

export const PROJECT_PAGE_SIZE = 20;

export function projectListCard(v: ProjectListView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.projects, v.page, PROJECT_PAGE_SIZE);
  const columns = [
    { name: 'name', label: t('project.col.name'), width: '35%' },
    { name: 'display', label: t('project.col.display') },
    { name: 'taken', label: t('project.col.taken') },
  ];
  const rows = p.items.map((r) => ({
    name: r.name,
    display: r.displayName ?? '',
    taken: r.takenBy ?? t('project.free'),
  }));
  const free = p.items.filter((r) => !r.takenBy);
  const sub = v.sub?.id;
  const elements = [table(columns, rows, 10)];
  if (free.length) {
    elements.push(
      select({
        placeholder: v.sub ? t('project.addTo', { name: v.sub.name }) : t('project.choose'),
        options: free.map((r) => ({
          label: r.displayName ? `${r.name} (${r.displayName})` : r.name,
          value: r.name,
        })),
        value: actionValue('project.pick', sub ? { sub, mode: 'add' } : {}),
      }),
    );
  }
  if (p.total === 0) elements.push(note(t('common.noneYet')));
  const acct = v.account;
  elements.push(
    ...pager(t, p, (page) =>
      actionValue('projects.page', { page, ...(sub ? { sub } : {}), ...(acct ? { acct } : {}) }),
    ),
  );
  elements.push(note(v.sub ? t('project.listHintSub') : t('project.listHint')));
  return card({
    header: header(v.sub ? t('project.listTitleFor', { name: v.sub.name }) : t('project.listTitle'), 'blue'),
    elements,
  });
}
