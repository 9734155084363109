import { quotaRequestCard } from '../../../cards/quotaRequest.js';
import { formatMoney, formatShanghai } from '../../../cards/lib/format.js';
import { actionSchemas, approveFormSchema, FORM_FIELDS } from '../../../cards/lib/values.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';
import { approveQuotaRequest } from '../../services/requests/approveQuotaRequest.js';
import { parseChatAmount } from '../chat/parse.js';
import { operatorNames } from '../chat/views.js';
import type { CardAnswer, Toast } from '../router.js';
import type { Locale } from '../texts.js';
import { defineCardAction, type ActionMeta } from './define.js';
import { copyLocale, requestView } from './requestCards.js';
import { publishDecision } from './requestPublish.js';
import { inTransaction } from '../../db/repos/transaction.js';

const STATE = {
  zh: { approved: '批准', rejected: '拒绝', expired: '过期', cancelled: '撤回' },
  en: { approved: 'approved', rejected: 'rejected', expired: 'expired', cancelled: 'cancelled' },
} as const;

/** "Already approved by Ann at 2026-05-01 10:00 (Shanghai)": what every click after the first hears. */
export async function alreadyDecidedToast(deps: Deps, r: QuotaRequestDto, locale: Locale): Promise<Toast> {
  const names = await operatorNames(deps);
  const by = names(r.decidedBy);
  const at = formatShanghai(r.decidedAt ?? r.expiresAt, { zone: true });
  const s = r.status === 'pending' ? 'approved' : r.status;
  const zh = s === 'expired' ? `这项申请已于 ${at} 过期。` : `这项申请已由 ${by} 于 ${at} ${STATE.zh[s]}。`;
  const en = s === 'expired' ? `This request expired at ${at}.` : `Already ${STATE.en[s]} by ${by} at ${at}.`;
  return { type: 'info', content: locale === 'zh' ? zh : en, i18n: { zh_cn: zh, en_us: en } };
}

/**
 * The winning click's answer: the clicked copy redrawn (in its own language) — no buttons, who, when, the
 * new quota. That copy is recorded first so no patch updates it a second time; the others are patched.
 */
export async function decidedAnswer(
  deps: Deps,
  r: QuotaRequestDto,
  meta: ActionMeta,
  toast: Toast,
): Promise<CardAnswer> {
  if (meta.messageId) {
    const messageId = meta.messageId;
    await inTransaction(deps.db, (tx) =>
      deps.repos.quotaRequests.setCardMessageId(tx, r.id, messageId, deps.clock.now()),
    );
  }
  await publishDecision(deps, { ...r, cardMessageId: meta.messageId ?? r.cardMessageId });
  const locale = await copyLocale(deps, r.id, meta.messageId);
  return { toast, card: { type: 'raw', data: quotaRequestCard(await requestView(deps, r), locale) } };
}

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
 * clicks (L3): the service decides by compare-and-set; the winner's answer redraws the card, every other
 * click gets a toast naming who decided, and all other copies are patched once.
 */
export const requestApproveAction = defineCardAction({
  id: 'request.approve',
  schema: actionSchemas['request.approve'],
  policy: {
    action: 'quota.approve',
    subject: async (deps, v) => ({ requester: (await getQuotaRequest(deps, { id: v.req })).requester }),
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
    });
    if (res.outcome === 'already_decided') {
      const toast = await alreadyDecidedToast(deps, res.request, meta.locale);
      // An expired card may never have been redrawn (this click found it out): redraw it now.
      if (res.request.status === 'expired') return decidedAnswer(deps, res.request, meta, toast);
      // Whoever decided redrew this card and patches the others: this click only hears who it was.
      return { toast };
    }
    const money = formatMoney(res.request.approvedAmount ?? res.request.amount);
    const toast: Toast = {
      type: 'success',
      content: meta.locale === 'zh' ? `已批准 ${money}` : `Approved ${money}`,
      i18n: { zh_cn: `已批准 ${money}`, en_us: `Approved ${money}` },
    };
    return decidedAnswer(deps, res.request, meta, toast);
  },
});
