import { z } from 'zod';
import { DecimalString, Timestamp } from '../common.js';

export const StatementParams = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .meta({ description: '月份 YYYY-MM / month, YYYY-MM', examples: ['2026-11'] }),
});

export const StatementLineView = z
  .object({
    kind: z.enum(['sub_account', 'project']).meta({
      description:
        'sub_account：子账号当月额度；project：按项目的消费（其合计等于出账账单） / sub_account: its quota for the month; project: spending per project (these add up to the final bill)',
    }),
    subaccount: z.string().meta({ description: '空 = 未归属任何子账号 / empty = charged to no sub-account' }),
    project: z.string().meta({ description: '空 = 账号级费用 / empty = account-level fees' }),
    quotaStart: DecimalString.nullable(),
    allocations: DecimalString.nullable(),
    deductions: DecimalString.nullable(),
    spending: DecimalString,
    remaining: DecimalString.nullable(),
    alerts: z.number().int().nullable(),
    disables: z.number().int().nullable(),
  })
  .meta({ id: 'StatementLine' });

export const StatementView = z
  .object({
    month: z.string(),
    account: z.string(),
    totalSpending: DecimalString.meta({ description: '出账账单合计 / Σ of the final bill' }),
    billRows: z.number().int(),
    writtenAt: Timestamp,
    base: z.object({
      state: z.enum(['pending', 'written', 'off']),
      tableId: z.string().nullable(),
      error: z.string().nullable(),
    }),
    lines: z.array(StatementLineView),
  })
  .meta({ id: 'Statement' });

export const StatementList = z.object({ items: z.array(StatementView) }).meta({ id: 'StatementList' });
