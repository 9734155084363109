import { userDetailCard } from '../../../cards/userDetail.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { isAllowed } from '../../policies/index.js';
import { loadUserDetail } from '../chat/user.js';
import { defineCardAction } from './define.js';

/** "Details" buttons: the clicked card becomes the sub-account's detail card. */
export const userOpenAction = defineCardAction({
  id: 'user.open',
  schema: actionSchemas['user.open'],
  policy: 'subaccount.view',
  run: async (deps, actor, v, meta) => ({
    card: {
      type: 'raw',
      data: userDetailCard(
        { ...(await loadUserDetail(deps, v.sub)), canAllocate: isAllowed(actor, 'quota.allocate') },
        meta.locale,
      ),
    },
  }),
});

/** The users list's dropdown: the chosen sub-account (its id is the option) opens as a detail card. */
export const userPickAction = defineCardAction({
  id: 'user.pick',
  schema: actionSchemas['user.pick'],
  policy: 'subaccount.view',
  run: async (deps, actor, _v, meta) => {
    const id = meta.option;
    if (!id || id.length > 64) throw new UsageError({ reason: 'sub_account_pick' });
    const view = { ...(await loadUserDetail(deps, id)), canAllocate: isAllowed(actor, 'quota.allocate') };
    return { card: { type: 'raw', data: userDetailCard(view, meta.locale) } };
  },
});
