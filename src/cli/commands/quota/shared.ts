import { UsageError } from '../../../errors.js';
import type { LedgerWriteResult } from '../../../services/quota/writeLedgerEntry.js';
import { money2, moneyJson, percent } from '../../format.js';
import { t } from '../../i18n.js';
import { shownQuota } from '../../table.js';
import type { Json } from '../../context.js';

export type WriteOpts = Json & { note: string; requestId?: string };

export function present(r: LedgerWriteResult) {
  return {
    userName: r.subAccount.userName,
    entryId: r.entry.id,
    seq: r.entry.seq,
    amount: moneyJson(r.entry.amount),
    balanceAfter: moneyJson(r.entry.balanceAfter),
    quota: moneyJson(r.quota.quota),
    spent: moneyJson(r.quota.spent),
    remaining: moneyJson(r.quota.remaining),
    replayed: r.replayed,
    reenableRequested: r.reenableRequested,
  };
}

export function text(verb: 'allocate' | 'deduct', r: LedgerWriteResult): string {
  const name = r.subAccount.userName;
  const amount = money2(r.entry.amount.abs());
  const head = r.replayed
    ? t(
        `该请求 ID 已记账过，未重复记账（#${r.entry.seq}）`,
        `already written with this request id, nothing new (#${r.entry.seq})`,
      )
    : verb === 'allocate'
      ? t(`已为 ${name} 增加 ${amount}`, `allocated ${amount} to ${name}`)
      : t(`已从 ${name} 扣减 ${amount}`, `deducted ${amount} from ${name}`);
  const q = shownQuota(r.quota);
  const tail = t(
    `额度 ${money2(q.quota)}，已用 ${money2(q.spent)}（${percent(r.quota.percent)}），剩余 ${money2(q.remaining)}`,
    `quota ${money2(q.quota)}, spent ${money2(q.spent)} (${percent(r.quota.percent)}), remaining ${money2(q.remaining)}`,
  );
  const reenable = r.reenableRequested
    ? t(
        '\n额度已恢复到 100% 以下：子账号将被重新启用',
        '\nback under 100 %: the sub-account will be re-enabled',
      )
    : '';
  return `${head}${t('。', '. ')}${tail}${reenable}\n`;
}

export function positiveInt(value: string, flag: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(t(`${flag} 须为正整数`, `${flag} must be a positive whole number`));
  return Number(value);
}
