import { checkResultCard } from '../../../cards/checkResult.js';
import { dashboardCard } from '../../../cards/dashboard.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { runCheck } from '../chat/check.js';
import { loadDashboard } from '../chat/dashboard.js';
import { defineCardAction } from './define.js';

/** "Dashboard" buttons: the clicked card becomes the dashboard. */
export const dashboardOpenAction = defineCardAction({
  id: 'dashboard.open',
  schema: actionSchemas['dashboard.open'],
  policy: 'subaccount.view',
  run: async (deps, _actor, _v, meta) => ({
    card: { type: 'raw', data: dashboardCard(await loadDashboard(deps), meta.locale) },
  }),
});

/** "Check now" buttons: one spending cycle; a slow one is answered late with the callback's token. */
export const checkRunAction = defineCardAction({
  id: 'check.run',
  schema: actionSchemas['check.run'],
  policy: 'check.run',
  run: async (deps, _actor, _v, meta) => ({
    card: { type: 'raw', data: checkResultCard(await runCheck(deps, meta.locale), meta.locale) },
  }),
});
