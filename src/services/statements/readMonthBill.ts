import { z } from 'zod';
import { BILL_PAGE_LIMIT } from '../../volc/actions/billing.js';
import { decimalString, intLike, listOf } from '../../volc/actions/common.js';
import { billingPacer, paced } from '../../volc/billingPacer.js';
import { volcRequest } from '../../volc/catalog.js';
import type { VolcClient } from '../../volc/client.js';
import { toMicro } from '../../domain/micro.js';
import { dayKey, lastDayOf } from '../watch/sweepBill.js';

const rowSchema = z.object({
  Project: z.string().optional(),
  ExpenseDate: z.string().optional(),
  PayableAmount: decimalString,
  Currency: z.string().optional(),
});
const pageSchema = z.object({ List: listOf(rowSchema), Total: intLike });

export type MonthBill = {
  /** Σ PayableAmount per project and Shanghai day (micro-yuan), keyed by `dayKey(project, day)`. */
  days: Map<string, bigint>;
  /** Σ of the rows that name no project (account-level fees), micro-yuan. */
  unattributed: bigint;
  /** Rows read. */
  rows: number;
};

/**
 * A final month's split bill, every row per project and day (GroupPeriod 1), every project included: the
 * statement must add up to the whole bill, and it runs once a month, so it reads the month in full rather
 * than through the watch's cheap sweep (month totals plus open days), sharing the account's billing pacer.
 * A row dated outside the period (a refund or adjustment) counts on the period's nearest day. A bill that
 * changes while it is read, or a row that cannot be parsed, throws: nothing is written from half a bill.
 */
export async function readMonthBill(
  client: VolcClient,
  accountId: string,
  period: string,
): Promise<MonthBill> {
  const pacer = billingPacer(accountId);
  const out: MonthBill = { days: new Map(), unattributed: 0n, rows: 0 };
  const first = `${period}-01`;
  const last = lastDayOf(period);
  let total: number | null = null;
  for (let offset = 0; total === null || offset < total; offset += BILL_PAGE_LIMIT) {
    const page = await paced(pacer, () =>
      client.call(
        volcRequest('ListSplitBillDetail', {
          BillPeriod: period,
          GroupPeriod: 1,
          NeedRecordNum: 1,
          Limit: BILL_PAGE_LIMIT,
          Offset: offset,
        }),
        pageSchema,
      ),
    );
    if (total !== null && page.Total !== total)
      throw new Error(`bill ${period} changed while it was read (Total ${total} → ${page.Total})`);
    total = page.Total;
    for (const row of page.List) {
      out.rows++;
      if (row.Currency && row.Currency !== 'CNY')
        throw new Error(`bill ${period}: a row is in ${row.Currency}`);
      const amount = toMicro(row.PayableAmount);
      if (amount === null) throw new Error(`bill ${period}: unparsable amount "${row.PayableAmount}"`);
      const project = row.Project ?? '';
      if (project === '' || project === '-') {
        out.unattributed += amount;
        continue;
      }
      const date = row.ExpenseDate ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new Error(`bill ${period}: a row has ExpenseDate "${date}"`);
      const day = date < first ? first : date > last ? last : date;
      const key = dayKey(project, day);
      out.days.set(key, (out.days.get(key) ?? 0n) + amount);
    }
    if (page.List.length === 0) break;
  }
  return out;
}
