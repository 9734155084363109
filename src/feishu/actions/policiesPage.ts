import { policyListCard } from '../../../cards/policyList.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { loadPolicyList } from '../chat/policyList.js';
import { defineCardAction } from './define.js';

/** Previous / Next on a policy list (Volcengine's, or one sub-account's): another page, in place. */
export const policiesPageAction = defineCardAction({
  id: 'policies.page',
  schema: actionSchemas['policies.page'],
  policy: 'subaccount.view',
  run: async (deps, _actor, v, meta) => {
    const list = await loadPolicyList(deps, v.sub, true, v.acct);
    return { card: { type: 'raw', data: policyListCard({ ...list, page: v.page }, meta.locale) } };
  },
});
