import { alertListCard } from '../../../cards/alertList.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { alertType, loadAlerts } from '../chat/alerts.js';
import { defineCardAction } from './define.js';

/** The alert list's type dropdown (the chosen type is the option; "all" clears the filter). */
export const alertsFilterAction = defineCardAction({
  id: 'alerts.filter',
  schema: actionSchemas['alerts.filter'],
  policy: 'alert.view',
  run: async (deps, _actor, v, meta) => {
    const type = alertType(meta.option ?? 'all');
    if (type === undefined) throw new UsageError({ reason: 'alert_type_unknown' });
    const view = await loadAlerts(deps, { type, ...(v.sub ? { subAccountId: v.sub } : {}), page: 1 });
    return { card: { type: 'raw', data: alertListCard(view, meta.locale) } };
  },
});

/** The alert list's pager. */
export const alertsPageAction = defineCardAction({
  id: 'alerts.page',
  schema: actionSchemas['alerts.page'],
  policy: 'alert.view',
  run: async (deps, _actor, v, meta) => {
    const type = v.type === undefined ? null : alertType(v.type);
    if (type === undefined) throw new UsageError({ reason: 'alert_type_unknown' });
    const view = await loadAlerts(deps, { type, ...(v.sub ? { subAccountId: v.sub } : {}), page: v.page });
    return { card: { type: 'raw', data: alertListCard(view, meta.locale) } };
  },
});
