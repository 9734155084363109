import { userListCard, type UserListView } from '../../../cards/userList.js';
import type { Deps } from '../../deps.js';
import { listQuotas } from '../../services/quota/getQuota.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';
import { figures, subRef } from './views.js';

/** Every managed sub-account for the list card; the card pages them (20 a page), nothing is cut. */
export async function loadUserList(deps: Deps, page: number): Promise<UserListView> {
  const views = await listQuotas(deps);
  const rows = views.map((v) => ({
    ...subRef(v.subAccount),
    ...figures(v.quota),
    status: v.subAccount.status,
    monitoredProjects: v.projects.filter((p) => p.monitored).length,
    totalProjects: v.projects.length,
  }));
  return { rows, page };
}

/** users / 用户: the paged list (status, quota, spent, percent, monitored/total projects). */
export const usersCommand = defineChatCommand({
  key: 'users',
  names: ['users', '用户', '用户列表'],
  args: noArgs,
  policy: 'subaccount.view',
  run: (deps) => loadUserList(deps, 1),
  render: (view, locale) => userListCard(view, locale),
});
