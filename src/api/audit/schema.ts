import { z } from 'zod';
import { SubAccountRef, Timestamp } from '../common.js';

export const ListAuditQuery = z.strictObject({
  subaccount: SubAccountRef.optional(),
  actor: z.string().min(1).max(200).optional().meta({
    description:
      '操作人：成员姓名或 open_id，或 apikey:<id>、cli:<user>、system / who: a member name or open_id, or apikey:<id>, cli:<user>, system',
  }),
  kind: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*$/)
    .max(64)
    .optional()
    .meta({
      description:
        '操作类型，如 quota.allocate；只写前缀（quota）则包括其下所有类型 / action, e.g. quota.allocate; a prefix (quota) matches all under it',
    }),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: '只看此时刻及之后的记录 / entries at or after this time' }),
  cursor: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ description: '上一页返回的 nextCursor / the nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEntryView = z
  .object({
    id: z.number().int(),
    createdAt: Timestamp,
    actor: z.string().meta({ description: '存储的操作人标识 / the stored actor id' }),
    actorName: z.string(),
    kind: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    targetName: z.string().nullable(),
    summary: z.string().meta({
      description: '变更的几个普通字段，从不含密钥 / a few plain fields of the change, never a secret',
    }),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditList = z
  .object({
    items: z.array(AuditEntryView),
    nextCursor: z.number().int().nullable().meta({
      description: '下一页的 cursor；null 表示没有更多 / cursor of the next page; null on the last',
    }),
  })
  .meta({ id: 'AuditList' });

export type AuditEntryBody = z.input<typeof AuditEntryView>;
