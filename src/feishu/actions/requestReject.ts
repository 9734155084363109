import { actionSchemas } from '../../../cards/lib/values.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';
import { rejectQuotaRequest } from '../../services/requests/rejectQuotaRequest.js';
import type { Toast } from '../router.js';
import { defineCardAction } from './define.js';
import { alreadyDecidedToast, redrawnAnswer } from './requestCards.js';

/** Reject: nothing allocated; the card is redrawn once, the requester told by DM (by the use case). */
export const requestRejectAction = defineCardAction({
  id: 'request.reject',
  schema: actionSchemas['request.reject'],
  policy: {
    action: 'quota.approve',
    subject: async (deps, v) => ({ requester: (await getQuotaRequest(deps, { id: v.req })).requester }),
  },
  run: async (deps, actor, v, meta) => {
    const res = await rejectQuotaRequest(deps, {
      actor,
      quotaRequestId: v.req,
      requestId: meta.requestId,
      ...(meta.messageId ? { answeredMessageId: meta.messageId } : {}),
    });
    if (res.outcome === 'already_decided')
      return { toast: await alreadyDecidedToast(deps, res.request, meta.locale) };
    const toast: Toast = {
      type: 'success',
      content: meta.locale === 'zh' ? '已拒绝' : 'Rejected',
      i18n: { zh_cn: '已拒绝', en_us: 'Rejected' },
    };
    return redrawnAnswer(res.published.view, res.published.answeredLocale ?? deps.config.locale, toast);
  },
});
