import { formatMoney } from '../../../cards/lib/format.js';
import { actionSchemas, approveFormSchema, FORM_FIELDS } from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';
import { getQuotaRequestNotice } from '../../services/requests/getQuotaRequestNotice.js';
import { approveQuotaRequest } from '../../services/requests/approveQuotaRequest.js';
import { parseChatAmount } from '../chat/parse.js';
import type { Toast } from '../router.js';
import { defineCardAction } from './define.js';
import { stepApprovedToast } from '../../../cards/lib/requestToasts.js';
import { stepState } from '../../services/requests/requestSteps.js';
import { alreadyDecidedToast, redrawnAnswer, requestSubject, waitingToast } from './requestCards.js';

function approvedAmount(formValue: Record<string, unknown> | undefined) {
  const form = approveFormSchema.safeParse(formValue ?? {});
  if (!form.success) throw new UsageError('表单内容无效 / the form could not be read');
  const typed = form.data[FORM_FIELDS.approve.amount].trim();
  return {
    amount: typed ? parseChatAmount(typed) : undefined,
    note: form.data[FORM_FIELDS.approve.note].trim(),
  };
}

/**
 * Approve (with the amount possibly changed in the card's form). At most one allocation whatever the
 * clicks (L3): the use case decides by compare-and-set and, in the same transaction, patches the other
 * copies and tells the requester; the winner's answer redraws this copy, every other click gets a toast
 * naming who decided.
 */
export const requestApproveAction = defineCardAction({
  id: 'request.approve',
  schema: actionSchemas['request.approve'],
  policy: {
    action: 'quota.approve',
    subject: async (deps, v) => requestSubject(await getQuotaRequest(deps, { id: v.req })),
  },
  run: async (deps, actor, v, meta) => {
    const { amount, note } = approvedAmount(meta.formValue);
    const res = await approveQuotaRequest(deps, {
      actor,
      quotaRequestId: v.req,
      ...(amount ? { amount } : {}),
      note,
      source: 'card',
      requestId: meta.requestId,
      ...(meta.messageId ? { answeredMessageId: meta.messageId } : {}),
    });
    if (res.outcome === 'step_approved') {
      const facts = {
        done: stepState(res.request).approvals.length,
        total: stepState(res.request).steps.length,
      };
      const toast = stepApprovedToast({ ...facts, who: res.next.name }, meta.locale);
      return redrawnAnswer(res.published.view, res.published.answeredLocale ?? meta.locale, toast);
    }
    if (res.outcome === 'already_decided' && res.request.status === 'pending')
      return { toast: waitingToast(res.request, meta.locale) };
    if (res.outcome === 'already_decided') {
      const toast = await alreadyDecidedToast(deps, res.request, meta.locale);
      if (res.request.status !== 'expired') return { toast };
      // An expired card may never have been redrawn (this click found it out): redraw it now.
      const shown = res.published
        ? { view: res.published.view, locale: res.published.answeredLocale ?? deps.config.locale }
        : await getQuotaRequestNotice(deps, { id: v.req, messageId: meta.messageId });
      return redrawnAnswer(shown.view, shown.locale, toast);
    }
    const money = formatMoney(res.request.approvedAmount ?? res.request.amount);
    const toast: Toast = {
      type: 'success',
      content: meta.locale === 'zh' ? `已批准 ${money}` : `Approved ${money}`,
      i18n: { zh_cn: `已批准 ${money}`, en_us: `Approved ${money}` },
    };
    return redrawnAnswer(res.published.view, res.published.answeredLocale ?? deps.config.locale, toast);
  },
});
