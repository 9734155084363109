import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { defineRoute } from '../route.js';
import { listAlerts } from './listAlerts.js';
import { presentAlert } from './present.js';
import { AlertList, ListAlertsQuery } from './schema.js';

export const listAlertsRoute = defineRoute({
  method: 'get',
  path: '/v1/alerts',
  operationId: 'listAlerts',
  tag: 'alerts',
  summary: '告警列表，最新的在前 / Alerts, newest first',
  policy: 'alert.view',
  query: ListAlertsQuery,
  success: { status: 200, description: '告警 / alerts', schema: AlertList },
  problems: [400, 404, 409],
  handle: async (deps, { query }) => {
    const sub =
      query.subaccount === undefined
        ? undefined
        : await resolveSubAccount(deps, query.subaccount, { exact: true });
    const rows = await listAlerts(deps, {
      type: query.type,
      subAccountId: sub?.id,
      since: query.since === undefined ? undefined : new Date(query.since),
      limit: query.limit,
    });
    return { body: { items: rows.map((r) => presentAlert(r.alert, r)) } };
  },
});
