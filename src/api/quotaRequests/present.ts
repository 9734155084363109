import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { decimal, iso } from '../common.js';
import type { QuotaRequestBody } from './schema.js';

/** A quota request as its filer follows it; who decided stays inside AirGate. */
export function presentQuotaRequest(
  r: QuotaRequestDto,
  names: { subaccount: string; account: string },
): QuotaRequestBody {
  return {
    id: r.id,
    subaccount: names.subaccount,
    account: names.account,
    amount: decimal(r.amount),
    approvedAmount: r.approvedAmount === null ? null : decimal(r.approvedAmount),
    reason: r.reason,
    status: r.status,
    source: r.source,
    decidedAt: iso(r.decidedAt),
    decisionNote: r.decisionNote,
    expiresAt: iso(r.expiresAt),
    createdAt: iso(r.createdAt),
  };
}
