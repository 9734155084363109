import { errorTextBoth } from '../../../cards/lib/errorText.js';
import { UsageError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { createQuotaRequest } from '../../services/requests/createQuotaRequest.js';
import { getQuotaRequest } from '../../services/requests/getQuotaRequest.js';
import { withdrawQuotaRequest } from '../../services/requests/withdrawQuotaRequest.js';
import { RequestValidationError, type FieldLocation } from '../problem.js';
import { defineRoute, type ApiDeps } from '../route.js';
import { operatorNamerFor } from '../../services/members/operatorNames.js';
import { operatorsOf, presentQuotaRequest, type NameOf } from './present.js';
import {
  CreateQuotaRequestBody,
  CreateQuotaRequestHeaders,
  QuotaRequestParams,
  QuotaRequestView,
} from './schema.js';

const location = { description: '新申请的地址 / where the request can be read', schema: { type: 'string' } };

export const createQuotaRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/quota-requests',
  operationId: 'createQuotaRequest',
  tag: 'quota-requests',
  summary: '申请额度（与飞书机器人同一审批流程）/ Request quota (the same approval flow as the Feishu bot)',
  description:
    '申请进入待审批状态，由审批人在飞书中批准或拒绝。/ The request waits for an approver, who approves or rejects it in Feishu.',
  policy: 'quota.request',
  headers: CreateQuotaRequestHeaders,
  body: CreateQuotaRequestBody,
  success: {
    status: 201,
    description:
      '已创建，或同一 Idempotency-Key 的重试返回第一次的结果 / created, or the first result for a retry',
    schema: QuotaRequestView,
    headers: {
      Location: location,
      'Idempotent-Replayed': {
        description: '"true" 表示这是重试 / "true" when this answered a retry',
        schema: { type: 'string' },
      },
    },
  },
  problems: [400, 404, 409, 413, 415],
  handle: async (deps, { body, headers, actor, requestId }) => {
    const sub = await resolveSubAccount(deps, body.subaccount, { exact: true });
    const { request, replayed } = await createQuotaRequest(deps, {
      actor,
      subAccountId: sub.id,
      amount: body.amount,
      reason: body.reason,
      idempotencyKey: headers['Idempotency-Key'],
      requestId,
    }).catch(renameFields);
    return {
      status: 201,
      headers: {
        Location: `/api/v1/quota-requests/${request.id}`,
        ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
      body: await present(deps, request, sub),
    };
  },
});

export const getQuotaRequestRoute = defineRoute({
  method: 'get',
  path: '/v1/quota-requests/{id}',
  operationId: 'getQuotaRequest',
  tag: 'quota-requests',
  summary: '查询一个额度申请的状态 / Read a quota request and its decision',
  policy: 'request.view',
  params: QuotaRequestParams,
  success: { status: 200, description: '申请 / the request', schema: QuotaRequestView },
  problems: [400, 404],
  handle: async (deps, { params }) => ({
    body: await present(deps, await getQuotaRequest(deps, { id: params.id })),
  }),
});

export const withdrawQuotaRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/quota-requests/{id}/withdraw',
  operationId: 'withdrawQuotaRequest',
  tag: 'quota-requests',
  summary: '撤回自己待审批的额度申请 / Withdraw your own pending quota request',
  description:
    '只有申请人（同一个 API key）可以撤回；已决定的申请原样返回（状态不变）。审批人的卡片会显示已撤回。/ ' +
    'Only the requester (the same API key) may withdraw; a request already decided is returned as it is. ' +
    "The approvers' cards show it withdrawn.",
  policy: 'quota.request',
  params: QuotaRequestParams,
  success: {
    status: 200,
    description: '撤回后的申请 / the request after withdrawal',
    schema: QuotaRequestView,
  },
  problems: [400, 403, 404],
  handle: async (deps, { params, actor, requestId }) => {
    const res = await withdrawQuotaRequest(deps, { actor, quotaRequestId: params.id, requestId });
    return { body: await present(deps, res.request) };
  },
});

async function present(deps: ApiDeps, request: QuotaRequestDto, known?: SubAccountDto) {
  const { names, namer } = await withReader(deps.db, async (m) => {
    const sub = known ?? (await deps.repos.subAccounts.findById(m, request.subAccountId));
    const account = sub ? await deps.repos.accounts.findById(m, sub.accountId) : null;
    return {
      names: { subaccount: sub?.userName ?? '', account: account?.name ?? '' },
      namer: await operatorNamerFor(deps, m, operatorsOf(request)),
    };
  });
  // The names the route was filed with (from the org chart: a leader need not be a member), then members'.
  const onRoute = new Map<string, string>();
  for (const p of [request.route?.leader, request.route?.upper, ...(request.route?.steps ?? [])])
    if (p && p.name !== p.openId) onRoute.set(`feishu:${p.openId}`, p.name);
  const nameOf: NameOf = (op) => {
    if (!op) return null;
    const known = onRoute.get(op);
    if (known) return known;
    const name = namer(op);
    // An open_id nobody could name stays inside AirGate.
    return op.startsWith('feishu:') && name === op.slice('feishu:'.length) ? null : name;
  };
  return presentQuotaRequest(request, names, nameOf);
}

/** The service names its inputs; the caller knows them as body fields and a header. */
const fieldNames: Record<string, { in: FieldLocation; field: string }> = {
  amount: { in: 'body', field: 'amount' },
  reason: { in: 'body', field: 'reason' },
  idempotencyKey: { in: 'header', field: 'Idempotency-Key' },
};

function renameFields(err: unknown): never {
  const named = err instanceof UsageError && err.details.field ? fieldNames[err.details.field] : undefined;
  if (named) throw new RequestValidationError([{ ...named, message: errorTextBoth(err) }]);
  throw err;
}
