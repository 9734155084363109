import { rejectNeedsReasonToast, withdrawnToast } from '../../../cards/lib/requestToasts.js';
import { actionSchemas, approveFormSchema, FORM_FIELDS } from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';
import { rejectQuotaRequest } from '../../services/requests/rejectQuotaRequest.js';
import { withdrawQuotaRequest } from '../../services/requests/withdrawQuotaRequest.js';
import type { Toast } from '../router.js';
import { defineCardAction } from './define.js';
import { decidedAnswer, redrawnAnswer, requestSubject } from './requestCards.js';

/** The reason typed in the card's form; a rejection without one is refused (the requester is owed a why). */
function rejectReason(formValue: Record<string, unknown> | undefined): string {
  const form = approveFormSchema.safeParse(formValue ?? {});
  if (!form.success) throw new UsageError('表单内容无效 / the form could not be read');
  return form.data[FORM_FIELDS.approve.note].trim();
}

/**
 * Reject (a submit of the card's form, with the reason typed there): nothing allocated; the card is
 * redrawn once, the requester told by DM with the reason (by the use case).
 */
export const requestRejectAction = defineCardAction({
  id: 'request.reject',
  schema: actionSchemas['request.reject'],
  policy: {
    action: 'quota.approve',
    subject: async (deps, v) => requestSubject(await getQuotaRequest(deps, { id: v.req })),
  },
  run: async (deps, actor, v, meta) => {
    const note = rejectReason(meta.formValue);
    if (!note) return { toast: rejectNeedsReasonToast(meta.locale) };
    const res = await rejectQuotaRequest(deps, {
      actor,
      quotaRequestId: v.req,
      note,
      requestId: meta.requestId,
      ...(meta.messageId ? { answeredMessageId: meta.messageId } : {}),
    });
    if (res.outcome === 'already_decided') return decidedAnswer(deps, res.request, meta);
    const toast: Toast = {
      type: 'success',
      content: meta.locale === 'zh' ? '已拒绝' : 'Rejected',
      i18n: { zh_cn: '已拒绝', en_us: 'Rejected' },
    };
    return redrawnAnswer(res.published.view, res.published.answeredLocale ?? deps.config.locale, toast);
  },
});

/** Withdraw (the requester's button on their copy): the same use case as 撤回申请 and the REST call. */
export const requestWithdrawAction = defineCardAction({
  id: 'request.withdraw',
  schema: actionSchemas['request.withdraw'],
  policy: 'request.view',
  run: async (deps, actor, v, meta) => {
    const res = await withdrawQuotaRequest(deps, {
      actor,
      quotaRequestId: v.req,
      requestId: meta.requestId,
      ...(meta.messageId ? { answeredMessageId: meta.messageId } : {}),
    });
    if (res.outcome === 'already_decided') return decidedAnswer(deps, res.request, meta);
    return redrawnAnswer(
      res.published.view,
      res.published.answeredLocale ?? deps.config.locale,
      withdrawnToast(meta.locale),
    );
  },
});
