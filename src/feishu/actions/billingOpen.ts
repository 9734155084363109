import { billingCard } from '../../../cards/billing.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { loadBilling } from '../chat/billing.js';
import { defineCardAction } from './define.js';

/** Billing buttons and the billing card's pager. */
export const billingOpenAction = defineCardAction({
  id: 'billing.open',
  schema: actionSchemas['billing.open'],
  policy: 'quota.view',
  run: async (deps, _actor, v, meta) => {
    const view = await loadBilling(deps, {
      ...(v.sub ? { subAccountId: v.sub } : {}),
      ...(v.month ? { month: v.month } : {}),
      page: v.page ?? 1,
    });
    return { card: { type: 'raw', data: billingCard(view, meta.locale) } };
  },
});
