import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BILL_PAGE_LIMIT } from '../../volc/actions/billing.js';
import { decimalString, intLike, listOf } from '../../volc/actions/common.js';
import { volcRequest } from '../../volc/catalog.js';
import type { VolcClient } from '../../volc/client.js';
import { isThrottlingCode, VolcApiError } from '../../volc/errors.js';
import { toMicro } from './micro.js';

export type SweepOptions = {
  /** Bill periods ('YYYY-MM') to read, each completely. */
  periods: readonly string[];
  /** Rows of other projects are dropped (spending nobody here watches). */
  keep?: (project: string) => boolean;
  pageSize?: number;
  /** Requests per second this sweep starts at most (Volcengine throttles billing per access key). */
  qps?: number;
  /** Pages in flight at once after the first page of a period told its Total. */
  concurrency?: number;
};

export type BillSweep = {
  /** Every page of every period arrived and every row parsed: only then may anything be decided. */
  complete: boolean;
  /** Σ PayableAmount per project and Shanghai day in micro-yuan, keyed by `dayKey(project, day)`. */
  days: Map<string, bigint>;
  periods: readonly string[];
  pages: number;
  rows: number;
  /** The newest bill day with a row. */
  newestDay: string | null;
  /** Rows per period, before dropping unwatched projects (0 with spending elsewhere = split billing off?). */
  rowsByPeriod: Map<string, number>;
  /** Σ of rows that name no project (account-level fees): counted for no one, reported. Micro-yuan. */
  unattributed: bigint;
  /** Rows dated outside their bill period (refunds, adjustments): counted on the period's nearest day. */
  outsidePeriod: number;
  /** Why the sweep is incomplete (no secret: Volcengine errors are scrubbed). */
  error: string | null;
};

/**
 * Only the fields the watch reads, validated where they enter: a row of ~65 fields becomes an object of
 * four, so a month of 6,000 projects is not held (or collected) as full rows. The action's complete
 * schema lives in src/volc/actions/billing.ts.
 */
const rowSchema = z.object({
  // Account-level fees come without a project.
  Project: z.string().optional(),
  ExpenseDate: z.string().optional(),
  PayableAmount: decimalString,
  Currency: z.string().optional(),
});
const pageSchema = z.object({ List: listOf(rowSchema), Total: intLike });
type BillRow = z.infer<typeof rowSchema>;
type BillPage = z.infer<typeof pageSchema>;

export const dayKey = (project: string, day: string): string => `${project}\u0000${day}`;
export function splitDayKey(key: string): { project: string; day: string } {
  const i = key.indexOf('\u0000');
  return { project: key.slice(0, i), day: key.slice(i + 1) };
}

/** A row the watch cannot trust: the whole account's data counts as incomplete (D1). */
class MalformedBillError extends Error {}
/** The bill changed between pages (Total moved): offsets may have skipped or repeated rows. */
class ShiftingBillError extends Error {}

/**
 * One sweep of ListSplitBillDetail with GroupPeriod=1 (per project per day) over whole bill periods:
 * the cheapest call that attributes spending to projects. The number of calls is the number of bill
 * pages, whatever the number of sub-accounts. A period whose Total changes between pages is read again
 * once; any failed page (after the client's own retries) or unparsable row makes the sweep incomplete.
 * Odd but valid rows do not: a short page (IgnoreZero drops free rows after paging), a row dated outside
 * its period (a refund or adjustment) and a row without a project (reported as unattributed).
 */
export async function sweepBill(client: VolcClient, opts: SweepOptions): Promise<BillSweep> {
  const out: BillSweep = {
    complete: false,
    days: new Map(),
    periods: opts.periods,
    pages: 0,
    rows: 0,
    newestDay: null,
    error: null,
    rowsByPeriod: new Map(),
    unattributed: 0n,
    outsidePeriod: 0,
  };
  const pacer = new Pacer(opts.qps ?? 5);
  try {
    for (const period of opts.periods) {
      for (let attempt = 1; ; attempt++) {
        try {
          const rows = await readPeriod(client, period, opts, pacer, out);
          for (const [k, v] of rows) out.days.set(k, v);
          break;
        } catch (err) {
          if (!(err instanceof ShiftingBillError) || attempt >= 2) throw err;
        }
      }
    }
    out.complete = true;
  } catch (err) {
    out.error = err instanceof Error ? err.message.slice(0, 480) : String(err).slice(0, 480);
  }
  return out;
}

async function readPeriod(
  client: VolcClient,
  period: string,
  opts: SweepOptions,
  pacer: Pacer,
  out: BillSweep,
): Promise<Map<string, bigint>> {
  const limit = opts.pageSize ?? BILL_PAGE_LIMIT;
  const sums = new Map<string, bigint>();
  const page = async (offset: number) => {
    for (let attempt = 1; ; attempt++) {
      await pacer.slot();
      try {
        const r = await client.call(
          volcRequest('ListSplitBillDetail', {
            BillPeriod: period,
            GroupPeriod: 1,
            IgnoreZero: 1,
            NeedRecordNum: 1,
            Limit: limit,
            Offset: offset,
          }),
          pageSchema,
        );
        out.pages++;
        return r;
      } catch (err) {
        // Still throttled after the client's quick retries: slow the whole sweep down and try the page again.
        if (!throttled(err) || attempt >= THROTTLE_ROUNDS) throw err;
        pacer.slowDown();
        await sleep(THROTTLE_PAUSE_MS * attempt);
      }
    }
  };
  const first = await page(0);
  const total = first.Total;
  const offsets: number[] = [];
  for (let o = limit; o < total; o += limit) offsets.push(o);
  const take = (offset: number, r: BillPage) => {
    if (r.Total !== total)
      throw new ShiftingBillError(`bill ${period} changed while it was read (Total ${total} → ${r.Total})`);
    // Fewer rows than asked is normal (rows dropped after paging); more cannot be a page of this query.
    const expected = Math.min(limit, total - offset);
    if (r.List.length > expected) {
      throw new MalformedBillError(
        `bill ${period}: page at Offset ${offset} has ${r.List.length} rows, at most ${expected} expected`,
      );
    }
    out.rowsByPeriod.set(period, (out.rowsByPeriod.get(period) ?? 0) + r.List.length);
    for (const row of r.List) addRow(sums, row, period, opts, out);
  };
  take(0, first);
  let next = 0;
  const worker = async () => {
    while (next < offsets.length) {
      const offset = offsets[next++]!;
      take(offset, await page(offset));
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency ?? 3, offsets.length));
  const results = await Promise.allSettled(Array.from({ length: lanes }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return sums;
}

function addRow(sums: Map<string, bigint>, row: BillRow, period: string, opts: SweepOptions, out: BillSweep) {
  out.rows++;
  if (row.Currency && row.Currency !== 'CNY')
    throw new MalformedBillError(`bill ${period}: a row is in ${row.Currency}, not CNY`);
  const project = row.Project ?? '';
  const noProject = project === '' || project === '-';
  if (!noProject && opts.keep && !opts.keep(project)) return;
  const amount = toMicro(row.PayableAmount);
  if (amount === null)
    throw new MalformedBillError(`bill ${period}: unparsable amount "${row.PayableAmount}"`);
  if (noProject) {
    out.unattributed += amount;
    return;
  }
  const date = row.ExpenseDate ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new MalformedBillError(`bill ${period}: a row has ExpenseDate "${date}"`);
  // A refund or adjustment carries the date of what it corrects, but belongs to this period's bill: it is
  // counted on the period's nearest day (a day of another period is that period's sweep's to write).
  const first = `${period}-01`;
  const last = `${period}-31`;
  const day = date < first ? first : date > last ? lastDayOf(period) : date;
  if (day !== date) out.outsidePeriod++;
  const key = dayKey(project, day);
  sums.set(key, (sums.get(key) ?? 0n) + amount);
  if (out.newestDay === null || day > out.newestDay) out.newestDay = day;
}

function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

const THROTTLE_ROUNDS = 4;
const THROTTLE_PAUSE_MS = 1_000;

function throttled(err: unknown): boolean {
  return err instanceof VolcApiError && (err.httpStatus === 429 || isThrottlingCode(err.apiCode));
}

/**
 * Spaces request starts at least 1/qps apart (a little more, so a sliding one-second window never sees
 * qps+1), and further apart after Volcengine said "slow down".
 */
class Pacer {
  private nextAt = 0;
  private gapMs: number;
  constructor(qps: number) {
    this.gapMs = qps > 0 ? 1050 / qps : 0;
  }
  slowDown(): void {
    this.gapMs = Math.min(5_000, Math.max(this.gapMs * 1.5, 50));
  }
  async slot(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.gapMs;
    if (at > now) await sleep(at - now);
  }
}
