import { translator, type Translate } from './i18n/index.js';
import { card, escapeMd, header, markdown, note, row } from './lib/builders.js';
import { button, select } from './lib/interactive.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';
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
/** Up to this many of the sub-account's projects get a Remove button each (more: `project remove`). */
const REMOVE_BUTTONS = 10;

/** The sub-account's own projects with a Remove button each (asked first), and pause / resume all. */
function ownSection(t: Translate, v: ProjectListView, sub: SubRef): CardElement[] {
  const own = v.projects.filter((r) => r.takenBy === sub.name);
  if (own.length === 0) return [];
  const removeRow = (r: VolcProjectRow): CardElement =>
    row([
      markdown(
        `${escapeMd(r.name)}${r.displayName ? `  <font color='grey'>${escapeMd(r.displayName)}</font>` : ''}`,
      ),
      button(t('project.remove'), actionValue('project.remove', { sub: sub.id, project: r.name }), {
        style: 'danger',
        confirm: {
          title: t('project.remove'),
          text: t('project.removeConfirm', { project: r.name, name: sub.name }),
        },
      }),
    ]);
  return [
    markdown(t('project.ownedBy', { name: escapeMd(sub.name) })),
    ...own.slice(0, REMOVE_BUTTONS).map(removeRow),
    row([
      button(t('project.pauseAll'), actionValue('project.toggleAll', { sub: sub.id, on: false }), {
        confirm: { title: t('project.pauseAll'), text: t('project.pauseAllConfirm', { name: sub.name }) },
      }),
      button(t('project.resumeAll'), actionValue('project.toggleAll', { sub: sub.id, on: true })),
    ]),
  ];
}

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
  if (v.sub) elements.push(...ownSection(t, v, v.sub));
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
