import { z } from 'zod';
import { ALERT_DELIVERY, ALERT_LEVELS } from '../../db/entities/alert.js';
import { EVERY_ALERT_TYPE } from '../../domain/alertTypes.js';
import { DecimalString, SubAccountRef, Timestamp } from '../common.js';

export const ListAlertsQuery = z.strictObject({
  type: z
    .enum(EVERY_ALERT_TYPE)
    .optional()
    .meta({ description: '告警类型，例如 threshold、disabled / alert type, e.g. threshold, disabled' }),
  subaccount: SubAccountRef.optional(),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: '只看此时刻及之后的告警 / alerts at or after this time' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AlertView = z
  .object({
    id: z.number().int(),
    type: z.string(),
    level: z.enum(ALERT_LEVELS),
    subaccount: z.string().nullable(),
    account: z.string().nullable(),
    percent: DecimalString.nullable(),
    epoch: z.number().int().nullable().meta({ description: '额度分配轮次 / allocation epoch' }),
    details: z
      .record(z.string(), z.unknown())
      .meta({ description: '含各项目消费明细 / includes the per-project breakdown' }),
    delivery: z.enum(ALERT_DELIVERY),
    deliveredAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Alert' });

export const AlertList = z.object({ items: z.array(AlertView) }).meta({ id: 'AlertList' });

export type AlertBody = z.input<typeof AlertView>;
