import { z } from 'zod';
import { quotaRequestCard } from '../../../cards/quotaRequest.js';
import { formatMoney } from '../../../cards/lib/format.js';
import { actionSchemas, approveFormSchema, FORM_FIELDS } from '../../../cards/lib/values.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Deps } from '../../deps.js';
import { money, toDecimalString } from '../../domain/money.js';
import { UsageError } from '../../errors.js';
import { authorize } from '../../policies/index.js';
import { actorId } from '../../policies/actor.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';
import {
  approveQuotaRequest,
  checkApproval,
  type ApproveQuotaRequestResult,
} from '../../services/requests/approveQuotaRequest.js';
import { patchAnsweredCopy } from '../../services/requests/publishDecision.js';
import { botContext } from '../botContext.js';
import { parseChatAmount } from '../chat/parse.js';
import { requestCardView } from '../notifications/requests.js';
import type { CardAnswer, Toast } from '../router.js';
import { defineCardAction, defineCardJob, type ActionMeta } from './define.js';
import { stepApprovedToast } from '../../../cards/lib/requestToasts.js';
import { stepState } from '../../services/requests/requestSteps.js';
import {
  ackToast,
  decidedAnswer,
  redrawnAnswer,
  reportGaveUp,
  reportLateFailure,
  requestSubject,
  waitingToast,
} from './requestCards.js';

function approvedAmount(formValue: Record<string, unknown> | undefined) {
  const form = approveFormSchema.safeParse(formValue ?? {});
  if (!form.success) throw new UsageError('表单内容无效 / the form could not be read');
  const typed = form.data[FORM_FIELDS.approve.amount].trim();
  return {
    amount: typed ? parseChatAmount(typed) : undefined,
    note: form.data[FORM_FIELDS.approve.note].trim(),
  };
}

/** The request as `preload` read it (with the member), for the policy check and the pre-check. */
async function clicked(deps: Deps, id: string, meta: ActionMeta): Promise<QuotaRequestDto> {
  return ((await meta.preloaded) as QuotaRequestDto | undefined) ?? getQuotaRequest(deps, { id });
}

const DECIDE_JOB = 'request.approve.decide';

/** What the decision job needs, stored in the inbox (no token: it stays in memory). */
const decideJobSchema = z.object({
  req: z.string().min(1),
  clickEventId: z.string().min(1),
  openId: z.string().min(1),
  name: z.string().nullable(),
  /** The amount typed in the card's form (decimal string), null: the amount asked for. */
  amount: z.string().nullable(),
  /** The amount the clicker was told is being approved. */
  shown: z.string(),
  note: z.string(),
  messageId: z.string().nullable(),
});
type DecideJob = z.infer<typeof decideJobSchema>;

/**
 * Approve (with the amount possibly changed in the card's form). At most one allocation whatever the
 * clicks (L3): the use case decides by compare-and-set on the locked request row.
 *
 * The click is answered before the decision: deciding, allocating and publishing hold the request and
 * sub-account rows for far longer than an acknowledgement should take, and a second approver's click would
 * wait for them. So the click checks on a plain read what the decision will check again (decided, expired,
 * whose turn, the amount), stores the decision as a job in the durable inbox under the request's version
 * (the insert is the claim: one click per version wins, in any process) and answers "approving ¥X…". The
 * job decides and redraws the clicked card with the callback's delayed-update token. Another click meanwhile
 * is told at once who is approving; a click after the decision hears who decided, as before.
 */
export const requestApproveAction = defineCardAction({
  id: 'request.approve',
  schema: actionSchemas['request.approve'],
  preload: (deps, v) => getQuotaRequest(deps, { id: v.req }),
  policy: {
    action: 'quota.approve',
    subject: async (deps, v, _actor, meta) => requestSubject(await clicked(deps, v.req, meta)),
  },
  run: async (deps, actor, v, meta) => {
    const { amount, note } = approvedAmount(meta.formValue);
    const request = await clicked(deps, v.req, meta);
    const check = checkApproval(request, { actor, ...(amount ? { amount } : {}) }, deps.clock.now());
    if (check.kind === 'allowed' && meta.claimJob) {
      const shown = formatMoney(check.amount);
      const job: DecideJob = {
        req: request.id,
        clickEventId: meta.requestId,
        openId: actor.openId,
        name: actor.name ?? null,
        amount: amount ? toDecimalString(amount) : null,
        shown,
        note,
        messageId: meta.messageId ?? null,
      };
      const claim = await meta.claimJob(`decide:${request.id}:v${request.version}`, DECIDE_JOB, job);
      if (claim.fresh) return { toast: ackToast('info', 'ack.approving', { amount: shown }, meta.locale) };
      const other = decideJobSchema.safeParse(claim.payload);
      if ((claim.status === 'pending' || claim.status === 'processing') && other.success) {
        const mine = other.data.openId === actor.openId;
        const params = { amount: other.data.shown, who: other.data.name ?? other.data.openId };
        return { toast: ackToast('info', mine ? 'ack.decidingSelf' : 'ack.deciding', params, meta.locale) };
      }
      // That version's job has run (the decision is taken, or it changed nothing): decide here and now.
    }
    const res = await approveQuotaRequest(deps, {
      actor,
      quotaRequestId: v.req,
      ...(amount ? { amount } : {}),
      note,
      source: 'card',
      requestId: meta.requestId,
      ...(meta.messageId ? { answeredMessageId: meta.messageId } : {}),
    });
    return answerOf(deps, res, meta);
  },
});

/** The answer to a click that decided (or found the request decided) before answering. */
async function answerOf(deps: Deps, res: ApproveQuotaRequestResult, meta: ActionMeta): Promise<CardAnswer> {
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
  // Decided elsewhere, or expired (this click may be what found it out): the clicked copy is redrawn.
  if (res.outcome === 'already_decided') return decidedAnswer(deps, res.request, meta, res.published);
  const amount = formatMoney(res.request.approvedAmount ?? res.request.amount);
  const toast: Toast = {
    type: 'success',
    content: meta.locale === 'zh' ? `已批准 ${amount}` : `Approved ${amount}`,
    i18n: { zh_cn: `已批准 ${amount}`, en_us: `Approved ${amount}` },
  };
  return redrawnAnswer(res.published.view, res.published.answeredLocale ?? deps.config.locale, toast);
}

/**
 * Whether the click behind `job` made the request's latest move: its final decision (the clicked copy is
 * recorded with it), or, on a route still pending, a step approved by the clicker (a step records no copy).
 */
function madeBy(request: QuotaRequestDto, job: DecideJob, clicker: string): boolean {
  if (request.cardMessageId === job.messageId) return true;
  return request.status === 'pending' && (request.stepApprovals ?? []).some((a) => a.by === clicker);
}

/**
 * The decision a click stored (above), run after its answer. Authorization is checked again (roles read
 * now), then the use case decides under the row lock. The clicked copy is redrawn with the token; when the
 * token is refused, or this is a re-run after a crash (no token), it is patched through the outbox instead.
 * A refusal found only now is told to the clicker in a direct message; an unexpected error too, and the
 * inbox runs the job again.
 */
export const requestApproveJob = defineCardJob({
  type: DECIDE_JOB,
  schema: decideJobSchema,
  run: async (deps, job, { token }) => {
    const bot = await botContext(deps, { openId: job.openId }, job.clickEventId);
    try {
      const request = await getQuotaRequest(deps, { id: job.req });
      authorize(bot.actor, 'quota.approve', requestSubject(request));
      const redraw = token && job.messageId ? job.messageId : undefined;
      const res = await approveQuotaRequest(deps, {
        actor: bot.actor,
        quotaRequestId: job.req,
        ...(job.amount ? { amount: money(job.amount) } : {}),
        note: job.note,
        source: 'card',
        requestId: job.clickEventId,
        ...(redraw ? { answeredMessageId: redraw } : {}),
      });
      if (redraw && res.published) {
        const card = quotaRequestCard(
          requestCardView(res.published.view),
          res.published.answeredLocale ?? deps.config.locale,
        );
        try {
          await deps.feishu!.sender.updateCardByToken(token!, card);
        } catch (err) {
          deps.log.warn({ err, eventId: job.clickEventId }, 'delayed card update refused; patching the copy');
          await patchAnsweredCopy(deps, job.req, redraw);
        }
      } else if (
        !token &&
        job.messageId &&
        res.outcome === 'already_decided' &&
        madeBy(res.request, job, actorId(bot.actor))
      ) {
        // A re-run: this job may have decided (or taken its route step) before a crash, with its redraw
        // never made; the publish had left the clicked copy to that redraw.
        await patchAnsweredCopy(deps, job.req, job.messageId);
      }
    } catch (err) {
      await reportLateFailure(deps, bot, job, err);
    }
  },
  gaveUp: (deps, job) => reportGaveUp(deps, job),
});
