import { actionDoneCard } from '../../../cards/actionDone.js';
import { withReader } from '../../db/repos/transaction.js';
import { withdrawQuotaRequest } from '../../services/requests/withdrawQuotaRequest.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';

/**
 * 撤回申请 [ID] / withdraw [ID]: the requester takes back their pending request (the only one, or the one
 * whose id starts with ID); the approvers' cards say it was withdrawn. Same use case as the card's button.
 */
export const withdrawCommand = defineChatCommand({
  key: 'withdraw',
  names: ['withdraw', 'withdraw request', '撤回申请', '撤回', '撤销申请'],
  args: positional({ id: word({ zh: '编号', en: 'ID' }).optional() }),
  policy: 'request.view',
  run: async (deps, actor, a, meta) => {
    const res = await withdrawQuotaRequest(deps, {
      actor,
      ...(a.id !== undefined ? { idPrefix: a.id } : {}),
      requestId: meta.requestId,
    });
    const sub = await withReader(deps.db, (m) =>
      deps.repos.subAccounts.findById(m, res.request.subAccountId),
    );
    return { name: sub?.userName ?? res.request.subAccountId, unchanged: res.outcome === 'already_decided' };
  },
  render: (r, locale) =>
    actionDoneCard({ kind: 'requestCancelled', subject: r.name, unchanged: r.unchanged }, locale),
});
