import { z } from 'zod';
import { toMicro } from '../../domain/micro.js';
import { ARK_BILL_PRODUCTS } from '../../volc/actions/ark.js';
import { BILL_PAGE_LIMIT } from '../../volc/actions/billing.js';
import { decimalString, intLike, listOf } from '../../volc/actions/common.js';
import { paced, type Pacer } from '../../volc/billingPacer.js';
import { volcRequest } from '../../volc/catalog.js';
import type { VolcClient } from '../../volc/client.js';

/**
 * Ark's 5-minute bills are out 5–10 minutes after their window (ark-api.md §6.1, DOCM 模型服务计费说明): an
 * hour that ended this long ago is complete in the bill detail.
 */
export const BILL_DETAIL_LAG_MS = 10 * 60_000;

/**
 * How often the billed layer is read (per account). Once an hour: the calibration it gives moves slowly
 * (prices, discounts, free quota), the estimate carries the minutes in between, and the read costs a few
 * billing calls that share the account's 5 QPS with the split-bill sweep.
 */
export const BILLED_EVERY_MS = 60 * 60_000;

/**
 * Pages one read may take over all its days (today first). Rows are per 5-minute window and charge item
 * (per endpoint too, unverified), so a busy account's day is many pages: past this a day is left to the
 * estimate and the closed days' calibration, reported, rather than letting the detail eat the cycle's billing
 * calls (the whole cycle stays within 100 billing and usage calls at 2,000 sub-accounts: the sweep and the
 * usage take ~92–96 of them).
 */
export const BILLED_PAGES_PER_READ = 4;

/** Only the fields the billed layer reads, validated where they enter. */
const rowSchema = z.object({
  Product: z.string().optional(),
  ConfigName: z.string().optional(),
  ExpenseDate: z.string().optional(),
  ExpenseBeginTime: z.string().optional(),
  PayableAmount: decimalString,
  Currency: z.string().optional(),
});
const pageSchema = z.object({ List: listOf(rowSchema), Total: intLike });

/** The day's detail cannot be used this time (too big, moved while read, unreadable): the reason says which. */
export class BilledReadError extends Error {}

export type BilledDay = {
  day: string;
  /** per model (the usage's ModelName), per Shanghai hour 'YYYY-MM-DD HH:00': Σ PayableAmount, micro-yuan */
  byModel: Map<string, Map<string, bigint>>;
  /** per hour, every Ark row (models matched or not) */
  all: Map<string, bigint>;
  pages: number;
};

/**
 * One Shanghai day of the account's Ark bill detail: ListBillDetail, GroupPeriod 2 (5-minute rows; or
 * GroupPeriod 1, one row a day per instance and charge item, for a complete day too big in 5-minute rows),
 * GroupTerm 0 (per charge item), ExpenseDate = the day, Product = the Ark codes (also filtered here: the
 * filter may be ignored server-side, ark-api.md §6.1), account-wide (the rows name no project). The row's
 * ConfigName is the model's display name (DOCM 分账最佳实践); `names` maps it to the usage's model name.
 * Every page goes through the account's billing pacer. Throws BilledReadError when the day is larger than
 * `maxPages`, changes between pages or has a row that cannot be read.
 */
export async function readBilledDay(
  client: VolcClient,
  pacer: Pacer,
  day: string,
  names: ReadonlyMap<string, string>,
  opts: {
    pageSize?: number;
    maxPages?: number;
    /** the whole read's page budget, named when the day is over it (default maxPages) */
    budget?: number;
    /** 2: 5-minute rows (default); 1: one row a day per instance and charge item (a complete day only) */
    groupPeriod?: 1 | 2;
    onPage?: () => void;
  } = {},
): Promise<BilledDay> {
  const limit = opts.pageSize ?? BILL_PAGE_LIMIT;
  const maxPages = opts.maxPages ?? BILLED_PAGES_PER_READ;
  const budget = opts.budget ?? maxPages;
  const group = opts.groupPeriod ?? 2;
  const kind = group === 1 ? 'daily' : '5-minute';
  const out: BilledDay = { day, byModel: new Map(), all: new Map(), pages: 0 };
  const page = async (offset: number) => {
    const r = await paced(pacer, () =>
      client.call(
        volcRequest('ListBillDetail', {
          BillPeriod: day.slice(0, 7),
          GroupPeriod: group,
          GroupTerm: 0,
          ExpenseDate: day,
          Product: [...ARK_BILL_PRODUCTS],
          IgnoreZero: 1,
          NeedRecordNum: 1,
          Limit: limit,
          Offset: offset,
        }),
        pageSchema,
      ),
    );
    out.pages++;
    opts.onPage?.();
    return r;
  };
  const first = await page(0);
  const total = first.Total;
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages > maxPages)
    throw new BilledReadError(
      `bill detail of ${day}: ${total} ${kind} Ark rows (${pages} pages of ${limit}), more than ${budget} pages a read may take` +
        (maxPages < budget ? ` (${maxPages} left)` : ''),
    );
  const rows = [...first.List];
  for (let offset = limit; offset < total; offset += limit) {
    const r = await page(offset);
    if (r.Total !== total)
      throw new BilledReadError(
        `bill detail of ${day} changed while it was read (Total ${total} → ${r.Total})`,
      );
    rows.push(...r.List);
  }
  for (const row of rows) {
    if (!row.Product || !ARK_BILL_PRODUCTS.has(row.Product)) continue;
    if (row.Currency && row.Currency !== 'CNY')
      throw new BilledReadError(`bill detail of ${day}: a row is in ${row.Currency}, not CNY`);
    const begin = row.ExpenseBeginTime ?? '';
    let hour: string;
    if (group === 1) {
      // A day row: its whole amount is the day's (kept under the day's first hour; read only for a complete
      // day, whose span covers every hour). A row of another day (a refund, an adjustment) calibrates nothing.
      if ((row.ExpenseDate ?? begin.slice(0, 10)) !== day) continue;
      hour = `${day} 00:00`;
    } else {
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(begin) || !begin.startsWith(day)) {
        // A refund or adjustment row carries no window of this day: it calibrates nothing.
        continue;
      }
      hour = `${begin.slice(0, 13)}:00`;
    }
    const amount = toMicro(row.PayableAmount);
    if (amount === null) throw new BilledReadError(`bill detail of ${day}: amount "${row.PayableAmount}"`);
    out.all.set(hour, (out.all.get(hour) ?? 0n) + amount);
    const model = names.get(row.ConfigName ?? '');
    if (!model) continue;
    const hours = out.byModel.get(model) ?? new Map<string, bigint>();
    hours.set(hour, (hours.get(hour) ?? 0n) + amount);
    out.byModel.set(model, hours);
  }
  return out;
}
