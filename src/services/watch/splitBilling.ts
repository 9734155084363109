import { z } from 'zod';
import { billDay } from '../../domain/billingPeriod.js';
import { BILL_PAGE_LIMIT } from '../../volc/actions/billing.js';
import { intLike, listOf } from '../../volc/actions/common.js';
import { volcRequest } from '../../volc/catalog.js';
import type { VolcClient } from '../../volc/client.js';
import { paced, type Pacer } from '../../volc/billingPacer.js';

/** "数据最晚存在2天延迟": the split bill may lag the bill detail by up to two days (volcengine docs 6269/177196). */
export const SPLIT_BILL_LAG_MS = 2 * 86_400_000;

/** Where split billing is switched on, for messages and the doctor's fix. */
export const SPLIT_BILLING_FIX = {
  zh: '在火山引擎控制台开通分账账单：费用中心 → 账单管理 → 分账账单 → 开通（只覆盖开通后生成的账单）',
  en: 'switch split billing on in the Volcengine console: Billing Center → Bills → Split bills → Enable (it covers only bills generated afterwards)',
};

const pageSchema = z.object({
  List: listOf(z.object({ ExpenseDate: z.string().optional() })),
  Total: intLike,
});

export type SplitBillingGap = {
  period: string;
  /** Rows the bill detail has for the period (Total). */
  detailRows: number;
  /** The oldest such row's day: old enough that the split bill, had it been on, would show it. */
  oldestDay: string;
};

/**
 * Split billing must be switched on once, and covers only bills generated after that: until then
 * ListSplitBillDetail is empty and every spending figure reads 0 for ever. Called when a period's split bill
 * came back empty: the bill detail (which needs no switch) is asked for the same period, and a row older
 * than the split bill's lag means spending the split bill should show and does not. Null when there is none.
 */
export async function findSplitBillingGap(
  client: VolcClient,
  period: string,
  now: Date,
  pacer?: Pacer,
): Promise<SplitBillingGap | null> {
  const call = () =>
    client.call(
      volcRequest('ListBillDetail', {
        BillPeriod: period,
        GroupPeriod: 1,
        IgnoreZero: 1,
        NeedRecordNum: 1,
        Limit: BILL_PAGE_LIMIT,
        Offset: 0,
      }),
      pageSchema,
    );
  const page = pacer ? await paced(pacer, call) : await call();
  const before = billDay(new Date(now.getTime() - SPLIT_BILL_LAG_MS));
  const old = page.List.map((r) => r.ExpenseDate ?? '')
    .filter((d) => d.startsWith(`${period}-`) && d < before)
    .sort();
  if (old.length === 0) return null;
  return { period, detailRows: page.Total, oldestDay: old[0]! };
}

export function splitBillingReason(gap: SplitBillingGap): string {
  return (
    `分账账单为空，但账单明细有 ${gap.detailRows} 行（${gap.period}，最早 ${gap.oldestDay}）：分账账单未开通？ / ` +
    `split billing looks switched off: ListSplitBillDetail has no row for ${gap.period} while ListBillDetail has ` +
    `${gap.detailRows} (from ${gap.oldestDay}); spending would read 0. ${SPLIT_BILLING_FIX.en}`
  );
}
