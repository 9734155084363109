import type { AlertDto } from '../../db/repos/alerts.js';
import { roundMoney } from '../../domain/money.js';
import { decimal, iso } from '../common.js';
import type { AlertBody } from './schema.js';

export function presentAlert(
  a: AlertDto,
  names: { subaccount: string | null; account: string | null },
): AlertBody {
  return {
    id: a.id,
    type: a.type,
    level: a.level,
    subaccount: names.subaccount,
    account: names.account,
    percent: a.percent === null ? null : decimal(roundMoney(a.percent, 2)),
    epoch: a.epoch,
    details: a.details,
    delivery: a.deliveryState,
    deliveredAt: iso(a.deliveredAt),
    createdAt: iso(a.createdAt),
  };
}
