import { quotaRequestCard } from '../../../cards/quotaRequest.js';
import { formatShanghai } from '../../../cards/lib/format.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Deps } from '../../deps.js';
import type { QuotaRequestNoticeView } from '../../services/requests/notices.js';
import { operatorNames } from '../chat/views.js';
import { requestCardView } from '../notifications/requests.js';
import type { CardAnswer, Toast } from '../router.js';
import type { Locale } from '../texts.js';
import type { Subject } from '../../policies/index.js';
import { routePeople, stepState } from '../../services/requests/requestSteps.js';
import { stepWaitingToast } from '../../../cards/lib/requestToasts.js';

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

/** What the policy needs of a request: its requester and, on a department route, the people on it. */
export function requestSubject(r: QuotaRequestDto): Subject {
  const route = routePeople(r);
  return { requester: r.requester, ...(route && { route }) };
}

/** A click by someone whose step is approved while the request waits for the next one. */
export function waitingToast(r: QuotaRequestDto, locale: Locale): Toast {
  const s = stepState(r);
  return stepWaitingToast(
    { done: s.approvals.length, total: s.steps.length, who: s.current?.name ?? '' },
    locale,
  );
}

/**
 * The deciding click's answer: the clicked copy redrawn in its own language — no buttons, who, when, the
 * new quota. (The use case recorded that copy, so no patch updates it a second time.)
 */
export function redrawnAnswer(view: QuotaRequestNoticeView, locale: Locale, toast: Toast): CardAnswer {
  return { toast, card: { type: 'raw', data: quotaRequestCard(requestCardView(view), locale) } };
}
