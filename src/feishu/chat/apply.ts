import { quotaRequestCard, type QuotaRequestView } from '../../../cards/quotaRequest.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Deps } from '../../deps.js';
import type { Money } from '../../domain/money.js';
import type { FeishuActor } from '../../policies/index.js';
import { createQuotaRequest } from '../../services/requests/createQuotaRequest.js';
import { getQuotaRequestNotice } from '../../services/requests/getQuotaRequestNotice.js';
import { requestCardView } from '../notifications/requests.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { amount, positional, text, word } from './parse.js';
import { labels, ownerSubject } from './views.js';

type ApplyInput = {
  subAccountId: string;
  amount: Money;
  reason: string;
  eventId: string;
  source: 'chat' | 'card';
};

/**
 * Files a quota request and puts its card in front of the approvers. The request is keyed by the Feishu
 * event (or card click) that asked for it, so a redelivered or re-run event files nothing new and posts
 * no second card. With `reply`, the requester's message is answered with its own copy of the card, in
 * the transaction that files the request.
 */
async function fileRequest(
  deps: Deps,
  actor: FeishuActor,
  input: ApplyInput,
  reply?: { messageId: string; chatId: string | undefined; locale: Locale },
): Promise<QuotaRequestDto> {
  const { request } = await createQuotaRequest(deps, {
    actor,
    subAccountId: input.subAccountId,
    amount: input.amount,
    reason: input.reason,
    source: input.source,
    idempotencyKey: `feishu:${input.eventId}`,
    requestId: input.eventId,
    ...(reply ? { reply } : {}),
  });
  return request;
}

/** Files a quota request (as fileRequest does, without a reply) and returns its card's view to show. */
export async function applyForQuota(
  deps: Deps,
  actor: FeishuActor,
  input: ApplyInput,
): Promise<QuotaRequestView> {
  const request = await fileRequest(deps, actor, input);
  return requestCardView((await getQuotaRequestNotice(deps, { id: request.id })).view);
}

/** apply NAME AMOUNT REASON / 申请: a lead for a sub-account they own, or an approver or admin for any. */
export const applyCommand = defineChatCommand({
  key: 'apply',
  names: ['apply', '申请'],
  args: positional(
    { name: word(labels.name), amount: amount(), reason: text(labels.reason) },
    { rest: 'reason' },
  ),
  policy: { action: 'quota.request', subject: ownerSubject },
  run: async (deps, actor, a, meta) => {
    const sub = await meta.subAccount(a.name);
    const input = {
      subAccountId: sub.id,
      amount: a.amount,
      reason: a.reason,
      eventId: meta.eventId,
      source: 'chat' as const,
    };
    if (!meta.messageId) return { view: await applyForQuota(deps, actor, input), replied: false };
    // The reply is written with the request: its view is not built a second time here.
    await fileRequest(deps, actor, input, {
      messageId: meta.messageId,
      chatId: meta.chatId,
      locale: meta.locale,
    });
    return { replied: true };
  },
  // A typed request is answered with its own card copy (sent with the approvers' copies); a menu has none.
  render: (r: { view?: QuotaRequestView; replied: boolean }, locale) =>
    r.view ? quotaRequestCard(r.view, locale) : null,
});
