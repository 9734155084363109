import { historyCard } from '../../../cards/history.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { loadHistory } from '../chat/history.js';
import { defineCardAction } from './define.js';

/** History buttons and the history card's pager. */
export const historyPageAction = defineCardAction({
  id: 'user.history',
  schema: actionSchemas['user.history'],
  policy: 'quota.view',
  run: async (deps, _actor, v, meta) => ({
    card: { type: 'raw', data: historyCard(await loadHistory(deps, v.sub, v.page), meta.locale) },
  }),
});
