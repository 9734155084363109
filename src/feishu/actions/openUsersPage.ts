import { userListCard } from '../../../cards/userList.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { loadUserList } from '../chat/users.js';
import { defineCardAction } from './define.js';

/** The users list's pager: the same card, another page. */
export const usersPageAction = defineCardAction({
  id: 'users.page',
  schema: actionSchemas['users.page'],
  policy: 'subaccount.view',
  run: async (deps, _actor, v, meta) => ({
    card: { type: 'raw', data: userListCard(await loadUserList(deps, v.page), meta.locale) },
  }),
});
