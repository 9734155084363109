import { z } from 'zod';
import { QUOTA_REQUEST_STATES } from '../../db/entities/quotaRequest.js';
import { AmountInput, DecimalString, SubAccountRef, Timestamp } from '../common.js';

export const CreateQuotaRequestBody = z
  .strictObject({
    subaccount: SubAccountRef,
    amount: AmountInput,
    reason: z
      .string()
      .max(500)
      .trim()
      .min(1, { error: '请填写申请理由 / reason is required' })
      .meta({ description: '申请理由，审批人会看到 / why, shown to the approvers' }),
  })
  .meta({ id: 'CreateQuotaRequest' });

export const CreateQuotaRequestHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, { error: '只能包含可见 ASCII 字符 / printable ASCII only' })
    .optional()
    .meta({
      description:
        '重试时带同一个值会得到第一次的结果；同一个值配不同的请求体得到 409 / a retry with the same value returns the first result; the same value with another body gets 409',
    }),
});

export const QuotaRequestParams = z.strictObject({ id: z.uuid() });

export const ROUTE_STEP_STATES = ['approved', 'rejected', 'waiting', 'pending', 'closed'] as const;

export const RouteStepView = z
  .object({
    approvers: z.array(z.string()).meta({
      description:
        '这一步的审批人姓名（任一人可决定；不含 open_id）/ the names of who decides this step (any one of them; never an open_id)',
    }),
    state: z.enum(ROUTE_STEP_STATES).meta({
      description:
        'approved 已同意、rejected 已拒绝、waiting 轮到这一步、pending 前一步未完成、closed 申请已结束而未到这一步 / ' +
        'approved, rejected, waiting (its turn), pending (an earlier step first), closed (the request ended before it)',
    }),
    decidedBy: z
      .string()
      .nullable()
      .meta({ description: '决定这一步的人的姓名 / who decided this step (a name)' }),
    amount: DecimalString.nullable().meta({
      description: '这一步同意的金额（可能被调低）/ the amount this step approved (it may have been lowered)',
    }),
  })
  .meta({ id: 'QuotaRequestRouteStep' });

export const RouteView = z
  .object({
    kind: z.enum(['department', 'approvers']).meta({
      description:
        'department：部门负责人按顺序审批；approvers：配置的审批人任一人决定 / department: its leaders in turn; approvers: any one configured approver',
    }),
    department: z.string().nullable().meta({ description: '部门名称 / the department name' }),
    steps: z.array(RouteStepView),
  })
  .meta({ id: 'QuotaRequestRoute' });

export const QuotaRequestView = z
  .object({
    id: z.uuid(),
    subaccount: z.string(),
    account: z.string(),
    amount: DecimalString,
    approvedAmount: DecimalString.nullable().meta({ description: '审批人批准的金额 / the amount approved' }),
    reason: z.string(),
    status: z.enum(QUOTA_REQUEST_STATES),
    source: z.string(),
    decidedAt: Timestamp.nullable(),
    decisionNote: z.string().nullable(),
    expiresAt: Timestamp,
    createdAt: Timestamp,
    route: RouteView.nullable().meta({
      description:
        '审批路径及每一步的状态；null 表示申请早于路径记录 / who decides and where each step stands; null for a request filed before routes were kept',
    }),
  })
  .meta({ id: 'QuotaRequest' });

export type QuotaRequestBody = z.input<typeof QuotaRequestView>;
export type RouteBody = z.input<typeof RouteView>;
