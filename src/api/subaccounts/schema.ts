import { z } from 'zod';
import { SUB_ACCOUNT_STATUSES } from '../../db/entities/subAccount.js';
import { DecimalString, SubAccountRef, Timestamp } from '../common.js';

export const SubAccountParams = z.strictObject({ name: SubAccountRef });

export const ListSubAccountsQuery = z.strictObject({
  account: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: '只看这个主账号 / only this main account' }),
  status: z.enum(SUB_ACCOUNT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const ProjectSpending = z
  .object({
    name: z.string(),
    monitored: z.boolean().meta({ description: '只统计被监控项目的消费 / only monitored projects count' }),
    countsFrom: z
      .string()
      .meta({ description: '开始计费的账单日（北京时间）/ first bill day counted (Asia/Shanghai)' }),
    spent: DecimalString,
    spentUpdatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ProjectSpending' });

export const SubAccountView = z
  .object({
    name: z.string(),
    account: z.string().meta({ description: '主账号名 / main account name' }),
    displayName: z.string().nullable(),
    status: z.enum(SUB_ACCOUNT_STATUSES),
    disabledReason: z.string().nullable(),
    disabledAt: Timestamp.nullable(),
    quota: DecimalString.meta({ description: '已分配额度（账本合计）/ quota allocated (ledger total)' }),
    spent: DecimalString.meta({ description: '被监控项目的消费 / spending of monitored projects' }),
    remaining: DecimalString.meta({ description: '额度 − 消费，可能为负 / quota − spent, may be negative' }),
    percent: DecimalString.nullable().meta({
      description:
        '消费占额度的百分比，两位小数；无额度却有消费时为 null / spent ÷ quota × 100, 2 decimals; null when spent without quota',
    }),
    exhausted: z.boolean(),
    thresholds: z.array(z.number().int()).meta({ description: '生效的告警阈值 / alert thresholds in force' }),
    projects: z.array(ProjectSpending),
    final: DecimalString.optional().meta({
      description:
        '分账账单已出账的消费 / spending the split bill shows (spent = final + billed + estimated)',
    }),
    finalAsOf: z.string().nullable().optional().meta({
      description:
        '账单单独覆盖到的最后一天（上海时间 YYYY-MM-DD）/ the last day the bill alone covers (Shanghai)',
    }),
    billed: DecimalString.nullable().optional().meta({
      description:
        '已计费未分账：5 分钟账单明细（全账号、按模型）在分账账单之上多出的部分，按用量分到项目，只算它覆盖的小时 / the billed-unsplit layer: what the 5-minute bill detail (account-wide, per model) adds on top of the split bill over the hours it covers, shared to projects by usage (spent = final + billed + estimated)',
    }),
    billedAsOf: Timestamp.nullable().optional().meta({
      description: '账单明细覆盖到的时间 / the end of the hours the bill detail covers',
    }),
    estimated: DecimalString.optional().meta({
      description:
        '估算（方舟用量 × 账号价格）在账单之上多出的部分，只算未出账的天 / what the estimate (Ark usage × price) adds on top of the bill over the open days',
    }),
    estimatedAsOf: Timestamp.nullable().optional().meta({
      description: '估算的截止时间（用量延迟之前）/ how fresh the estimate is',
    }),
  })
  .meta({ id: 'SubAccount' });

export const SubAccountList = z
  .object({
    items: z.array(SubAccountView),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'SubAccountList' });

export type SubAccountViewBody = z.input<typeof SubAccountView>;
