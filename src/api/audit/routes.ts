import { readAuditLog, type AuditEntryView as Entry } from '../../services/audit/listAudit.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { iso } from '../common.js';
import { defineRoute } from '../route.js';
import { AuditList, ListAuditQuery, type AuditEntryBody } from './schema.js';

function present(e: Entry): AuditEntryBody {
  return {
    id: e.id,
    createdAt: iso(e.at),
    actor: e.actor,
    actorName: e.actorName,
    kind: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    targetName: e.targetName,
    summary: e.summary,
    requestId: e.requestId,
  };
}

export const listAuditRoute = defineRoute({
  method: 'get',
  path: '/v1/audit',
  operationId: 'listAudit',
  tag: 'audit',
  summary: '审计日志，最新的在前 / The audit log, newest first',
  policy: 'audit.view',
  query: ListAuditQuery,
  success: { status: 200, description: '审计记录 / audit entries', schema: AuditList },
  problems: [400, 404, 409],
  handle: async (deps, { query }) => {
    const sub =
      query.subaccount === undefined
        ? undefined
        : await resolveSubAccount(deps, query.subaccount, { exact: true });
    const page = await readAuditLog(deps, {
      ...(sub ? { subAccountId: sub.id } : {}),
      ...(query.actor !== undefined ? { person: query.actor } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
      ...(query.cursor !== undefined ? { before: query.cursor } : {}),
      limit: query.limit,
    });
    return { body: { items: page.entries.map(present), nextCursor: page.nextCursor } };
  },
});
