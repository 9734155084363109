import { applyPromptCard } from '../../../cards/applyPrompt.js';
import { quotaRequestCard } from '../../../cards/quotaRequest.js';
import { actionSchemas, applyFormSchema, FORM_FIELDS } from '../../../cards/lib/values.js';
import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors.js';
import { getQuota } from '../../services/quota/getQuota.js';
import { loadSubAccount } from '../../services/iam/loadSubAccount.js';
import { applyForQuota } from '../chat/apply.js';
import { parseChatAmount } from '../chat/parse.js';
import { figures, subRef } from '../chat/views.js';
import { defineCardAction } from './define.js';

const ownerOf = async (deps: Deps, v: { sub: string }) => ({
  ownerOpenId: (await loadSubAccount(deps, v.sub)).ownerOpenId,
});

/** "Request more quota" buttons: the clicked card becomes a small form (amount, reason). */
export const applyPromptAction = defineCardAction({
  id: 'quota.applyPrompt',
  schema: actionSchemas['quota.applyPrompt'],
  policy: { action: 'quota.request', subject: ownerOf },
  run: async (deps, _actor, v, meta) => {
    const q = await getQuota(deps, { subAccountId: v.sub });
    return {
      card: {
        type: 'raw',
        data: applyPromptCard({ sub: subRef(q.subAccount), quota: figures(q.quota) }, meta.locale),
      },
    };
  },
});

/**
 * The form's submit: the same request as `apply NAME AMOUNT REASON`, keyed by this click (a redelivered
 * click files nothing new). The form is replaced by the request's card; the approvers get theirs.
 */
export const applyAction = defineCardAction({
  id: 'quota.apply',
  schema: actionSchemas['quota.apply'],
  policy: { action: 'quota.request', subject: ownerOf },
  run: async (deps, actor, v, meta) => {
    const form = applyFormSchema.safeParse(meta.formValue ?? {});
    if (!form.success) throw new UsageError({ reason: 'form_unreadable' });
    const amount = parseChatAmount(form.data[FORM_FIELDS.apply.amount]);
    const reason = form.data[FORM_FIELDS.apply.reason].trim();
    if (!reason) throw new UsageError({ reason: 'reason_required' });
    const view = await applyForQuota(deps, actor, {
      subAccountId: v.sub,
      amount,
      reason,
      eventId: meta.requestId,
      source: 'card',
    });
    const ok = { zh: '申请已提交，审批人会收到卡片', en: 'Request sent to the approvers' };
    return {
      toast: { type: 'success', content: ok[meta.locale], i18n: { zh_cn: ok.zh, en_us: ok.en } },
      card: { type: 'raw', data: quotaRequestCard(view, meta.locale) },
    };
  },
});
