import { quotaRequestCard } from '../../../cards/quotaRequest.js';
import { formatShanghai } from '../../../cards/lib/format.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Deps } from '../../deps.js';
import type { QuotaRequestNoticeView } from '../../services/requests/notices.js';
import { operatorNamesFor } from '../chat/views.js';
import { requestCardView } from '../notifications/requests.js';
import type { CardAnswer, Toast } from '../router.js';
import type { Locale } from '../texts.js';
import type { Subject } from '../../policies/index.js';
import { routePeople, stepState } from '../../services/requests/requestSteps.js';
import { stepWaitingToast } from '../../../cards/lib/requestToasts.js';
import { errorText } from '../../../cards/lib/errorText.js';
import { interpolate, type Params } from '../../../cards/i18n/index.js';
import { ack as ackZh } from '../../../cards/i18n/zh/ack.js';
import { ack as ackEn } from '../../../cards/i18n/en/ack.js';
import { AppError } from '../../errors.js';
import { getQuotaRequestNotice } from '../../services/requests/getQuotaRequestNotice.js';
import { botContext, type BotContext } from '../botContext.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';

const STATE = {
  zh: { approved: '批准', rejected: '拒绝', expired: '过期', cancelled: '撤回' },
  en: { approved: 'approved', rejected: 'rejected', expired: 'expired', cancelled: 'cancelled' },
} as const;

/** "Already approved by Ann at 2026-05-01 10:00 (Shanghai)": what every click after the first hears. */
export async function alreadyDecidedToast(deps: Deps, r: QuotaRequestDto, locale: Locale): Promise<Toast> {
  const names = await operatorNamesFor(deps, [r.decidedBy]);
  const by = names(r.decidedBy);
  const at = formatShanghai(r.decidedAt ?? r.expiresAt, { zone: true });
  const s = r.status === 'pending' ? 'approved' : r.status;
  const zh = s === 'expired' ? `这项申请已于 ${at} 过期。` : `这项申请已由 ${by} 于 ${at} ${STATE.zh[s]}。`;
  const en = s === 'expired' ? `This request expired at ${at}.` : `Already ${STATE.en[s]} by ${by} at ${at}.`;
  return { type: 'info', content: locale === 'zh' ? zh : en, i18n: { zh_cn: zh, en_us: en } };
}

/**
 * The answer to a click on a request decided (or expired) before it: who decided, and the clicked copy
 * redrawn as the request stands. A copy that still offers its buttons after the decision is one whose patch
 * has not arrived yet (queued, refused, or lost with a crashed process): the approver sees the outcome at
 * once instead of waiting for it. The clicked message, when known, gives its copy's language. `published`:
 * the view the click's own use case just published, if any.
 */
export async function decidedAnswer(
  deps: Deps,
  request: QuotaRequestDto,
  clicked: { messageId: string | undefined; locale: Locale },
  published?: { view: QuotaRequestNoticeView; answeredLocale?: Locale | undefined },
): Promise<CardAnswer> {
  // The decider's name and the card are read together.
  const [toast, shown] = await Promise.all([
    alreadyDecidedToast(deps, request, clicked.locale),
    published
      ? { view: published.view, locale: published.answeredLocale ?? deps.config.locale }
      : getQuotaRequestNotice(deps, { id: request.id, messageId: clicked.messageId }),
  ]);
  return redrawnAnswer(shown.view, shown.locale, toast);
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

type AckKey = keyof typeof ackZh;
const ackText = (locale: Locale, key: AckKey, params: Params) =>
  interpolate((locale === 'zh' ? ackZh : ackEn)[key], params);

/** A toast from the acknowledgement strings (cards/i18n/{zh,en}/ack.ts), in both languages. */
export function ackToast(type: Toast['type'], key: AckKey, params: Params, locale: Locale): Toast {
  const zh = ackText('zh', key, params);
  const en = ackText('en', key, params);
  return { type, content: locale === 'zh' ? zh : en, i18n: { zh_cn: zh, en_us: en } };
}

type ClickedJob = { req: string; clickEventId: string; openId: string; shown: string };

/** A direct message to the approver whose click the job follows; once per click and `what`. */
async function tellClicker(bot: BotContext, job: ClickedJob, text: string, what: string): Promise<void> {
  await bot.send(
    { kind: 'send', receiveIdType: 'open_id', receiveId: job.openId, body: { text } },
    { dedupeKey: `evt:${job.clickEventId}:${what}` },
  );
}

/**
 * The inbox has stopped retrying an approval that failed after its answer: the approver, told it was being
 * retried, hears that it was not done — unless the request was decided meanwhile (the card shows that).
 */
export async function reportGaveUp(deps: Deps, job: ClickedJob): Promise<void> {
  const request = await getQuotaRequest(deps, { id: job.req });
  if (request.status !== 'pending') return;
  const notice = await getQuotaRequestNotice(deps, { id: job.req });
  deps.log.error({ eventId: job.clickEventId }, 'approval after the answer given up');
  const bot = await botContext(deps, { openId: job.openId }, job.clickEventId);
  const params = { sub: notice.view.sub.name, amount: job.shown, ref: job.clickEventId.slice(0, 12) };
  await tellClicker(bot, job, ackText(bot.locale, 'ack.gaveUp', params), 'gaveUp');
}

/**
 * A decision that failed after its click was answered ("approving…"): the clicker is told in a direct
 * message, never left with a toast that promised an outcome. A refusal (an AppError: nothing changed) is
 * final; anything else is thrown again for the inbox to retry, and the message says so (once per click).
 */
export async function reportLateFailure(
  deps: Deps,
  bot: BotContext,
  job: ClickedJob,
  err: unknown,
): Promise<void> {
  const refused = err instanceof AppError && err.code !== 'upstream';
  if (!refused) deps.log.error({ err, eventId: job.clickEventId }, 'approval after the answer failed');
  else deps.log.info({ eventId: job.clickEventId, code: err.code }, 'approval after the answer refused');
  let sub = job.req.slice(0, 8);
  try {
    sub = (await getQuotaRequestNotice(deps, { id: job.req })).view.sub.name;
  } catch {
    // The request's name is a courtesy: the message goes out without it.
  }
  const params = { sub, amount: job.shown, ref: job.clickEventId.slice(0, 12) };
  const text = refused
    ? ackText(bot.locale, 'ack.refused', { ...params, reason: errorText(err, bot.locale) })
    : ackText(bot.locale, 'ack.retrying', params);
  await tellClicker(bot, job, text, refused ? 'refused' : 'retrying');
  if (!refused) throw err;
}
