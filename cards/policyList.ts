import { translator } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

export type PolicyRow = {
  name: string;
  type: 'system' | 'custom';
  description?: string;
  /** For a sub-account's policies: the project scope, or null for the whole account. */
  project?: string | null;
};

/** Volcengine's policies (paged), or the ones attached to one sub-account when `sub` is set. */
export type PolicyListView = {
  policies: readonly PolicyRow[];
  page: number;
  sub?: SubRef;
  /** The main account listed, named when there are several (the pager keeps it). */
  account?: string;
};

export const POLICY_PAGE_SIZE = 25;

export function policyListCard(v: PolicyListView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.policies, v.page, POLICY_PAGE_SIZE);
  const columns = [
    { name: 'name', label: t('policy.col.name'), width: '35%' },
    { name: 'type', label: t('policy.col.type') },
    v.sub
      ? { name: 'scope', label: t('policy.col.scope') }
      : { name: 'description', label: t('policy.col.description'), width: '40%' },
  ];
  const rows = p.items.map((r) => ({
    name: r.name,
    type: t(`policy.type.${r.type}`),
    scope: r.project ?? t('done.globalScope'),
    description: (r.description ?? '').slice(0, 80),
  }));
  const title = v.sub ? t('policy.titleFor', { name: v.sub.name }) : t('policy.title');
  const sub = v.sub?.id;
  return card({
    header: header(title, 'blue'),
    elements: [
      table(columns, rows, 10),
      ...(p.total === 0 ? [note(t('common.noneYet'))] : []),
      ...pager(t, p, (page) =>
        actionValue('policies.page', {
          page,
          ...(sub ? { sub } : {}),
          ...(v.account ? { acct: v.account } : {}),
        }),
      ),
      note(t('policy.hint')),
    ],
  });
}
