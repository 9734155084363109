import { z } from 'zod';
import { billDay } from '../../domain/billingPeriod.js';
import { ARK_BILL_PRODUCTS } from '../../volc/actions/ark.js';
import { BILL_PAGE_LIMIT } from '../../volc/actions/billing.js';
import { decimalString, intLike, listOf } from '../../volc/actions/common.js';
import { volcRequest } from '../../volc/catalog.js';
import type { VolcClient } from '../../volc/client.js';
import { BILLING_QPS, paced, Pacer } from '../../volc/billingPacer.js';
import { toMicro } from './micro.js';
import { SPLIT_BILL_LAG_MS } from './splitBilling.js';

export type SweepOptions = {
  /** Bill periods ('YYYY-MM') to read, each completely. */
  periods: readonly string[];
  /** Rows of other projects are dropped (spending nobody here watches). */
  keep?: (project: string) => boolean;
  /**
   * The watched projects' counts-from days: a project that starts counting inside a period is read per day
   * over that whole period (only its own rows, Project filter); the others only as the period's total.
   * Without it every project counts the whole month.
   */
  countsFrom?: ReadonlyMap<string, string>;
  /** Now, and how late the split bill may be: days within the lag are still open and read per day. */
  now?: Date;
  lagMs?: number;
  pageSize?: number;
  /** The account's billing pacer (all its billing actions share 5 QPS); a private one at `qps` if absent. */
  pacer?: Pacer;
  /** Requests per second when no pacer is given (Volcengine throttles billing per account). */
  qps?: number;
  /** Pages in flight at once after the first page of a query told its Total. */
  concurrency?: number;
  /** Called once, when the first page has been answered. */
  onFirstPage?: () => void;
};

export type BillSweep = {
  /** Every page of every query arrived and every row parsed: only then may anything be decided. */
  complete: boolean;
  /**
   * Σ PayableAmount per project and Shanghai day in micro-yuan, keyed by `dayKey(project, day)`, for the
   * days read per day: the open days of every project, every day of the projects in `perDay`.
   */
  days: Map<string, bigint>;
  /** The Ark part of `days` (Ark product codes): what the estimated layer stands in for. */
  arkDays: Map<string, bigint>;
  /** Σ PayableAmount per project and period (GroupPeriod 0), keyed by `dayKey(project, period)`. */
  months: Map<string, bigint>;
  /** Per period, the days read per day for every project (the open days). */
  openDays: Map<string, string[]>;
  /** Per period, the projects read per day over the whole period (they start counting inside it). */
  perDay: Map<string, Set<string>>;
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
  Product: z.string().optional(),
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

/** A query of one period: the period's totals, one open day, or some projects per day. */
type Query = {
  period: string;
  group: 0 | 1;
  expenseDate?: string;
  projects?: string[];
  /** Projects this query leaves to their own per-day query (so no day of theirs is counted twice). */
  skip?: ReadonlySet<string>;
};

/** Projects per Project filter of a per-day query (the filter is a list; kept short, unverified limit). */
const PROJECT_BATCH = 50;

/**
 * The open days of a period at `now`: the days the split bill may still be missing rows for (within its lag,
 * up to today), read per day so the fresher layers can stand in for what is missing.
 */
export function openDaysOf(period: string, now: Date, lagMs: number): string[] {
  const out: string[] = [];
  const today = billDay(now);
  for (let t = now.getTime() - lagMs; ; t += 86_400_000) {
    const day = billDay(new Date(t));
    if (day > today) break;
    if (day.startsWith(`${period}-`) && !out.includes(day)) out.push(day);
    if (day === today) break;
  }
  return out;
}

/**
 * One sweep of ListSplitBillDetail over whole bill periods, as few pages as attribute spending to projects:
 * per period its totals per project (GroupPeriod 0: one row per project, however many days have passed),
 * its open days per day (GroupPeriod 1 with ExpenseDate: one query per day within the split bill's lag), and
 * only the projects that start counting inside the period per day over the whole period (Project filter).
 * So the calls grow with projects, not with the day of the month, and not with sub-accounts.
 * A query whose Total changes between pages is read again once; any failed page (after the client's own
 * retries and the pacer's slow-down) or unparsable row makes the sweep incomplete. Odd but valid rows do
 * not: a short page (IgnoreZero drops free rows after paging), a row dated outside its period (a refund or
 * adjustment) and a row without a project (reported as unattributed).
 */
export async function sweepBill(client: VolcClient, opts: SweepOptions): Promise<BillSweep> {
  const out: BillSweep = {
    complete: false,
    days: new Map(),
    arkDays: new Map(),
    months: new Map(),
    openDays: new Map(),
    perDay: new Map(),
    periods: opts.periods,
    pages: 0,
    rows: 0,
    newestDay: null,
    error: null,
    rowsByPeriod: new Map(),
    unattributed: 0n,
    outsidePeriod: 0,
  };
  const pacer = opts.pacer ?? new Pacer(opts.qps ?? BILLING_QPS);
  try {
    const queries: Query[] = [];
    const plan = sweepPlan(opts);
    out.openDays = plan.openDays;
    out.perDay = plan.perDay;
    for (const period of opts.periods) {
      const open = plan.openDays.get(period)!;
      const lateSet = plan.perDay.get(period)!;
      const late = [...lateSet];
      queries.push({ period, group: 0 });
      for (const day of open) queries.push({ period, group: 1, expenseDate: day, skip: lateSet });
      for (let i = 0; i < late.length; i += PROJECT_BATCH)
        queries.push({ period, group: 1, projects: late.slice(i, i + PROJECT_BATCH) });
    }
    await readAll(client, queries, opts, pacer, out);
    out.complete = true;
  } catch (err) {
    out.error = err instanceof Error ? err.message.slice(0, 480) : String(err).slice(0, 480);
  }
  return out;
}

/** Which days a sweep reads per day: per period its open days, and the projects read per day all period. */
export type SweepPlan = Pick<BillSweep, 'openDays' | 'perDay'>;

/**
 * What a sweep with these options will read per day, known before it starts (so what depends on it, such
 * as the stored days the sweep's figures replace, can be read while the bill is).
 */
export function sweepPlan(opts: Pick<SweepOptions, 'periods' | 'countsFrom' | 'now' | 'lagMs'>): SweepPlan {
  const plan: SweepPlan = { openDays: new Map(), perDay: new Map() };
  for (const period of opts.periods) {
    plan.openDays.set(period, opts.now ? openDaysOf(period, opts.now, opts.lagMs ?? SPLIT_BILL_LAG_MS) : []);
    const late = [...(opts.countsFrom ?? [])]
      .filter(([, from]) => from > `${period}-01` && from <= `${period}-31`)
      .map(([project]) => project)
      .sort();
    plan.perDay.set(period, new Set(late));
  }
  return plan;
}

/** One query being read: its Total once its first page told it, its rows until every page arrived. */
type Reading = { q: Query; attempt: number; total: number; rows: BillRow[]; left: number; dropped?: boolean };

/**
 * Reads every query's pages through one pool of `concurrency` lanes: the pages of all queries follow each
 * other as closely as the pacer allows (no lane waits for another query's last page), while at most
 * `concurrency` pages are in flight or held unparsed. A query whose Total moved between pages is read again
 * once; the first failure stops the pool (the sweep is incomplete either way).
 */
async function readAll(
  client: VolcClient,
  queries: Query[],
  opts: SweepOptions,
  pacer: Pacer,
  out: BillSweep,
): Promise<void> {
  const limit = opts.pageSize ?? BILL_PAGE_LIMIT;
  const tasks: Array<{ r: Reading; offset: number }> = queries.map((q) => ({
    r: { q, attempt: 1, total: -1, rows: [], left: 1 },
    offset: 0,
  }));
  let failure: unknown = null;
  const finish = (r: Reading) => {
    const { q } = r;
    // Counted only once the whole query arrived: a query read again after its bill moved counts once.
    if (q.group === 0) out.rowsByPeriod.set(q.period, (out.rowsByPeriod.get(q.period) ?? 0) + r.rows.length);
    const target = q.group === 0 ? out.months : out.days;
    for (const row of r.rows) addRow(target, row, q, opts, out);
    r.rows = [];
  };
  const run = async (task: { r: Reading; offset: number }) => {
    const { r, offset } = task;
    const page = await readPage(client, r.q, offset, limit, pacer, out, opts.onFirstPage);
    if (r.dropped) return;
    if (offset === 0) {
      r.total = page.Total;
      for (let o = limit; o < r.total; o += limit) {
        tasks.push({ r, offset: o });
        r.left++;
      }
    } else if (page.Total !== r.total) {
      throw new ShiftingBillError(
        `bill ${r.q.period} changed while it was read (Total ${r.total} → ${page.Total})`,
      );
    }
    // Fewer rows than asked is normal (rows dropped after paging); more cannot be a page of this query.
    const expected = Math.min(limit, r.total - offset);
    if (page.List.length > expected) {
      throw new MalformedBillError(
        `bill ${r.q.period}: page at Offset ${offset} has ${page.List.length} rows, at most ${expected} expected`,
      );
    }
    for (const row of page.List) r.rows.push(row);
    if (--r.left === 0) finish(r);
  };
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const lane = async () => {
    for (;;) {
      if (failure !== null) return;
      const task = tasks.shift();
      if (!task) {
        // Nothing queued: done, unless a page in flight is a first page that will queue the rest.
        if (inFlight === 0) return;
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      if (task.r.dropped) continue;
      inFlight++;
      try {
        await run(task);
      } catch (err) {
        const r = task.r;
        if (r.dropped) continue;
        if (err instanceof ShiftingBillError && r.attempt < 2) {
          // Read the whole query again; the old attempt's pages still queued or in flight count for nothing.
          r.dropped = true;
          tasks.push({ r: { q: r.q, attempt: r.attempt + 1, total: -1, rows: [], left: 1 }, offset: 0 });
          continue;
        }
        failure ??= err;
      } finally {
        inFlight--;
        for (const wake of waiting.splice(0)) wake();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 3) }, lane));
  if (failure !== null) throw failure;
}

async function readPage(
  client: VolcClient,
  q: Query,
  offset: number,
  limit: number,
  pacer: Pacer,
  out: BillSweep,
  onFirstPage?: () => void,
): Promise<BillPage> {
  const r = await paced(pacer, () =>
    client.call(
      volcRequest('ListSplitBillDetail', {
        BillPeriod: q.period,
        GroupPeriod: q.group,
        ...(q.expenseDate ? { ExpenseDate: q.expenseDate } : {}),
        ...(q.projects ? { Project: q.projects } : {}),
        IgnoreZero: 1,
        NeedRecordNum: 1,
        Limit: limit,
        Offset: offset,
      }),
      pageSchema,
    ),
  );
  if (++out.pages === 1) onFirstPage?.();
  return r;
}

function addRow(sums: Map<string, bigint>, row: BillRow, q: Query, opts: SweepOptions, out: BillSweep) {
  const { period } = q;
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
    // Account-level fees appear in the period's totals and again in its per-day reads: reported once.
    if (q.group === 0) out.unattributed += amount;
    return;
  }
  if (q.group === 0) {
    const key = dayKey(project, period);
    sums.set(key, (sums.get(key) ?? 0n) + amount);
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
  // A per-day read of some projects only keeps those (the filter may be ignored server-side, unverified).
  if (q.projects && !q.projects.includes(project)) return;
  if (q.skip?.has(project)) return;
  const key = dayKey(project, day);
  sums.set(key, (sums.get(key) ?? 0n) + amount);
  if (row.Product && ARK_BILL_PRODUCTS.has(row.Product))
    out.arkDays.set(key, (out.arkDays.get(key) ?? 0n) + amount);
  if (out.newestDay === null || day > out.newestDay) out.newestDay = day;
}

export function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
