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
  })
  .meta({ id: 'QuotaRequest' });

export type QuotaRequestBody = z.input<typeof QuotaRequestView>;
