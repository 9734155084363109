import {
  quotaRequestCard,
  type QuotaRequestDecision,
  type QuotaRequestView,
} from '../../../cards/quotaRequest.js';
import { quotaRequestOutcomeCard } from '../../../cards/quotaRequestOutcome.js';
import type { QuotaRequestNoticeView, RequestDecisionNotice } from '../../services/requests/notices.js';
import type { NoticeLocale } from '../../services/notifications/types.js';
import type { Renderer } from './notifier.js';

/** The approval card's view from a stored notice (times back to dates). */
export function requestCardView(v: QuotaRequestNoticeView): QuotaRequestView {
  return {
    ...v,
    createdAt: new Date(v.createdAt),
    expiresAt: new Date(v.expiresAt),
    decision: decisionOf(v.decision),
  };
}

function decisionOf(d: RequestDecisionNotice): QuotaRequestDecision {
  return d.state === 'pending' ? d : { ...d, at: new Date(d.at) };
}

const approvalCard = (v: QuotaRequestNoticeView, locale: NoticeLocale) =>
  quotaRequestCard(requestCardView(v), locale);

/** The approval card (posted, then patched once decided) and the requester's outcome message. */
export const requestRenderers: {
  'quotaRequest.card': Renderer<'quotaRequest.card'>;
  'quotaRequest.update': Renderer<'quotaRequest.update'>;
  'quotaRequest.outcome': Renderer<'quotaRequest.outcome'>;
} = {
  'quotaRequest.card': approvalCard,
  'quotaRequest.update': approvalCard,
  'quotaRequest.outcome': (v, locale) =>
    quotaRequestOutcomeCard(
      { ...v, decision: decisionOf(v.decision) as Exclude<QuotaRequestDecision, { state: 'pending' }> },
      locale,
    ),
};
