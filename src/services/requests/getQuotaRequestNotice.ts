import { withReader } from '../../db/repos/transaction.js';
import { NotFoundError } from '../../errors.js';
import type { NoticeLocale } from '../notifications/types.js';
import type { QuotaRequestNoticeView, RequestDeps } from './notices.js';
import { requestNotice } from './requestNotice.js';

/**
 * A request's card as it stands now, and the language of the copy shown in `messageId` (the configured
 * one when that message is not one of its copies): for redrawing a clicked copy or answering a command.
 */
export async function getQuotaRequestNotice(
  deps: Pick<RequestDeps, 'db' | 'repos' | 'config'> & Partial<Pick<RequestDeps, 'clock'>>,
  input: { id: string; messageId?: string | undefined },
): Promise<{ view: QuotaRequestNoticeView; locale: NoticeLocale }> {
  return withReader(deps.db, async (m) => {
    const request = await deps.repos.quotaRequests.findById(m, input.id);
    if (!request) throw new NotFoundError({ reason: 'quota_request_not_found', params: { id: input.id } });
    const view = await requestNotice(deps, m, request);
    const copies = input.messageId
      ? await deps.repos.quotaRequests.approvalCopies(m, input.id, 'quotaRequest.card')
      : [];
    const shown = copies.find((c) => c.messageId === input.messageId)?.recipient.locale;
    return { view, locale: shown === 'en' || shown === 'zh' ? shown : deps.config.locale };
  });
}
