import { catalogs, translator, type Translate } from './i18n/index.js';
import type { MessageKey } from './i18n/zh.js';
import { card, header, note } from './lib/builders.js';
import { formatShanghai } from './lib/format.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type AuditRow = {
  at: Date;
  /** Who did it, by name ("张三", "API key ci", "system"). */
  actor: string;
  /** The stored action name, e.g. quota.allocate. */
  kind: string;
  /** The target's name, or its type and id when it has none. */
  target: string;
  /** A few plain fields of the change; never a secret. */
  summary: string;
};

/** The audit log, newest first; the filters it was asked for ride along on the pager. */
export type AuditListView = {
  entries: readonly AuditRow[];
  page: number;
  sub?: SubRef;
  /** The person filter: the stored actor id (for the pager) and the name shown. */
  person?: { id: string; name: string };
  kind?: string;
  /** True when more entries match than were loaded (the card says where to read the rest). */
  truncated?: boolean;
};

export const AUDIT_PAGE_SIZE = 20;

/** "quota.allocate" in words where the catalog has it, else as stored. */
export function auditKindLabel(t: Translate, kind: string): string {
  const key = `audit.kind.${kind}`;
  return key in catalogs.zh ? t(key as MessageKey) : kind;
}

export function auditListCard(v: AuditListView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.entries, v.page, AUDIT_PAGE_SIZE);
  const rows = p.items.map((e) => ({
    at: formatShanghai(e.at),
    actor: e.actor,
    kind: auditKindLabel(t, e.kind),
    target: e.target,
    detail: e.summary,
  }));
  const columns = [
    { name: 'at', label: t('audit.col.at') },
    { name: 'actor', label: t('audit.col.actor') },
    { name: 'kind', label: t('audit.col.kind') },
    { name: 'target', label: t('audit.col.target') },
    { name: 'detail', label: t('audit.col.detail') },
  ];
  const filters = [
    ...(v.person ? [t('audit.filter.person', { name: v.person.name })] : []),
    ...(v.kind ? [t('audit.filter.kind', { kind: auditKindLabel(t, v.kind) })] : []),
  ];
  const sub = v.sub?.id;
  return card({
    header: header(v.sub ? t('audit.titleFor', { name: v.sub.name }) : t('audit.title'), 'grey', {
      subtitle: t('audit.filters', {
        filters: filters.length ? filters.join(t('common.sep')) : t('audit.noFilter'),
      }),
    }),
    elements: [
      table(columns, rows, 10),
      ...(p.total === 0 ? [note(t('audit.empty'))] : []),
      ...(v.truncated ? [note(t('audit.more', { count: v.entries.length }))] : []),
      ...pager(t, p, (page) =>
        actionValue('audit.page', {
          page,
          ...(sub ? { sub } : {}),
          ...(v.person ? { person: v.person.id } : {}),
          ...(v.kind ? { kind: v.kind } : {}),
        }),
      ),
    ],
  });
}
