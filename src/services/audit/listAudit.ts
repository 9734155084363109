import type { Deps } from '../../deps.js';
import type { AuditDto } from '../../db/repos/audit.js';
import { withReader } from '../../db/repos/transaction.js';

export type ListAuditInput = {
  targetType?: string;
  targetId?: string;
  action?: string;
  actor?: string;
  since?: Date;
  limit?: number;
};

/** The audit log, newest first. */
export async function listAudit(
  deps: Pick<Deps, 'db' | 'repos'>,
  input: ListAuditInput = {},
): Promise<AuditDto[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 1000);
  return withReader(deps.db, (m) => deps.repos.audit.list(m, { ...input, limit }));
}
