import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { QuotaRequestState } from '../../db/entities/quotaRequest.js';

export async function getQuotaRequest(
  deps: Pick<Deps, 'db' | 'repos'>,
  input: { id: string },
): Promise<QuotaRequestDto> {
  const request = await withReader(deps.db, (m) => deps.repos.quotaRequests.findById(m, input.id));
  if (!request) throw new NotFoundError({ reason: 'quota_request_not_found', params: { id: input.id } });
  return request;
}

export async function listQuotaRequests(
  deps: Pick<Deps, 'db' | 'repos'>,
  filter: { subAccountId?: string; status?: QuotaRequestState; requester?: string; limit?: number } = {},
): Promise<QuotaRequestDto[]> {
  return withReader(deps.db, (m) =>
    deps.repos.quotaRequests.list(m, { ...filter, limit: Math.min(filter.limit ?? 50, 500) }),
  );
}
