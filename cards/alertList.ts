import { ALERT_TYPES, type AlertType } from '../src/domain/alertTypes.js';
import { translator, type Translate } from './i18n/index.js';
import { card, header, note } from './lib/builders.js';
import { formatPercent, formatShanghai } from './lib/format.js';
import { select } from './lib/interactive.js';
import { paginate } from './lib/paging.js';
import { pager, type SubRef } from './lib/parts.js';
import { table } from './lib/table.js';
import type { CardJson, Locale, MoneyLike } from './lib/types.js';
import { actionValue } from './lib/values.js';

export { ALERT_TYPES, type AlertType } from '../src/domain/alertTypes.js';

export type AlertRow = {
  at: Date;
  type: string;
  level: 'info' | 'warning' | 'critical';
  subAccount?: string | null;
  percent?: MoneyLike | number | null;
  delivered: boolean;
  /** No card reached anyone: shown as such, not as still pending. */
  failed?: boolean;
};

/** Alert history, newest first, optionally of one type and/or one sub-account. */
export type AlertListView = { alerts: readonly AlertRow[]; page: number; type?: string | null; sub?: SubRef };

export const ALERT_PAGE_SIZE = 20;

export function alertTypeLabel(t: Translate, type: string): string {
  return (ALERT_TYPES as readonly string[]).includes(type) ? t(`alertType.${type as AlertType}`) : type;
}

export function alertListCard(v: AlertListView, locale: Locale): CardJson {
  const t = translator(locale);
  const p = paginate(v.alerts, v.page, ALERT_PAGE_SIZE);
  const rows = p.items.map((a) => ({
    at: formatShanghai(a.at),
    type: alertTypeLabel(t, a.type),
    level: t(`alertLevel.${a.level}`),
    sub: a.subAccount ?? '—',
    percent: a.percent != null ? formatPercent(a.percent) : '',
    sent: a.delivered ? t('common.yes') : a.failed ? t('alerts.failed') : t('alerts.pending'),
  }));
  const columns = [
    { name: 'at', label: t('alerts.col.at') },
    { name: 'type', label: t('alerts.col.type') },
    { name: 'level', label: t('alerts.col.level') },
    { name: 'sub', label: t('alerts.col.sub') },
    { name: 'percent', label: '%', align: 'right' as const },
    { name: 'sent', label: t('alerts.col.sent') },
  ];
  const sub = v.sub?.id;
  const type = v.type ?? undefined;
  return card({
    header: header(v.sub ? t('alerts.titleFor', { name: v.sub.name }) : t('alerts.title'), 'blue', {
      subtitle: t('alerts.filter', { type: type ? alertTypeLabel(t, type) : t('alerts.all') }),
    }),
    elements: [
      select({
        placeholder: t('alerts.pick'),
        options: [
          { label: t('alerts.all'), value: 'all' },
          ...ALERT_TYPES.map((x) => ({ label: alertTypeLabel(t, x), value: x })),
        ],
        initial: type ?? 'all',
        value: actionValue('alerts.filter', sub ? { sub } : {}),
      }),
      table(columns, rows, 10),
      ...(p.total === 0 ? [note(t('alerts.empty'))] : []),
      ...pager(t, p, (page) =>
        actionValue('alerts.page', { page, ...(type ? { type } : {}), ...(sub ? { sub } : {}) }),
      ),
    ],
  });
}
