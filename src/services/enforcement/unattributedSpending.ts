import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import { billDay, billPeriod } from '../../domain/billingPeriod.js';
import { money, sumMoney, ZERO, type Money } from '../../domain/money.js';
import { ARK_BILL_PRODUCT } from '../../volc/actions/ark.js';
import { BILL_PAGE_LIMIT, listSplitBillDetail } from '../../volc/actions/billing.js';
import { billingPacer, paced, type Pacer } from '../../volc/billingPacer.js';
import type { VolcClient } from '../../volc/client.js';
import { reasonOf } from './pullLever.js';

export type UnattributedSpendingDeps = Pick<Deps, 'db' | 'repos' | 'volc' | 'clock'>;

export type UnattributedSpending = {
  /** First and last Asia/Shanghai bill day summed (seven days ending today). */
  since: string;
  until: string;
  total: Money;
  /** Per project, largest first; '' for rows without a project. */
  byProject: Array<{ account: string; project: string; amount: Money }>;
  /** Main accounts whose bill could not be read (their spending is not in `total`). */
  failed: Array<{ account: string; reason: string }>;
};

const DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * Ark spending that no quota is charged for, over the last seven Shanghai bill days. Defined on the split
 * bill's ark_bd rows (ListSplitBillDetail, one row per project and day), not on what the watch stores
 * (it keeps monitored projects only): a row counts when its Project is empty or "-" (not attributed to any
 * project) or is a project that no sub-account of that main account monitors. The split bill lags about a
 * day (ark-api.md §6.2), so the newest day is usually short. Reads only.
 */
export async function unattributedArkSpending(deps: UnattributedSpendingDeps): Promise<UnattributedSpending> {
  const now = deps.clock.now();
  const since = billDay(new Date(now.getTime() - (DAYS - 1) * DAY_MS));
  const until = billDay(now);
  const periods = [...new Set([billPeriod(new Date(now.getTime() - (DAYS - 1) * DAY_MS)), billPeriod(now)])];
  const out: UnattributedSpending = { since, until, total: ZERO, byProject: [], failed: [] };
  const accounts = await withReader(deps.db, (m) => deps.repos.accounts.list(m));
  for (const a of accounts) {
    const monitored = await withReader(deps.db, async (m) =>
      (await deps.repos.projects.listByAccount(m, a.id)).filter((p) => p.monitored).map((p) => p.projectName),
    );
    try {
      const client = await deps.volc(a.id);
      const sums = await unattributedOf(
        client,
        billingPacer(a.id),
        periods,
        { since, until },
        new Set(monitored),
      );
      for (const [project, amount] of sums) out.byProject.push({ account: a.name, project, amount });
    } catch (err) {
      out.failed.push({ account: a.name, reason: reasonOf(err) });
    }
  }
  out.byProject.sort((x, y) => y.amount.comparedTo(x.amount) || x.project.localeCompare(y.project));
  out.total = sumMoney(out.byProject.map((p) => p.amount));
  return out;
}

/**
 * Each page waits for the account's turn on the shared billing pacer: this runs in the scheduler beside the
 * watch's sweep, and the 5 requests a second are the account's, not each caller's.
 *
 * A period is read whole (GroupPeriod 1: one row per project and day) while that is the cheaper read; on a
 * large account late in the month the week's days are read one by one instead (ExpenseDate), decided from
 * the first page's Total: with 6,000 Ark projects on day 28 the whole period is 560 pages (112 s of the
 * account's 5 requests a second), the seven days 140.
 */
async function unattributedOf(
  client: VolcClient,
  pacer: Pacer,
  periods: string[],
  days: { since: string; until: string },
  monitored: ReadonlySet<string>,
): Promise<Map<string, Money>> {
  const sums = new Map<string, Money>();
  const read = (period: string, offset: number, expenseDate?: string) =>
    paced(pacer, () =>
      listSplitBillDetail(client, {
        BillPeriod: period,
        GroupPeriod: 1,
        ...(expenseDate ? { ExpenseDate: expenseDate } : {}),
        Product: [ARK_BILL_PRODUCT],
        IgnoreZero: 1,
        Limit: BILL_PAGE_LIMIT,
        Offset: offset,
        NeedRecordNum: 1,
      }),
    );
  const add = (into: Map<string, Money>, rows: Awaited<ReturnType<typeof read>>['List']) => {
    for (const row of rows) {
      // the Product filter may be ignored server-side (ark-api.md §6.1): filtered here too
      if (row.Product !== undefined && row.Product !== ARK_BILL_PRODUCT) continue;
      const day = row.ExpenseDate ?? '';
      if (day < days.since || day > days.until) continue;
      const project = row.Project === '-' ? '' : row.Project;
      if (project !== '' && monitored.has(project)) continue;
      into.set(project, (into.get(project) ?? ZERO).plus(money(row.PayableAmount)));
    }
  };
  /** Every page of one query from its first, into `into`. */
  const rest = async (
    into: Map<string, Money>,
    first: Awaited<ReturnType<typeof read>>,
    period: string,
    expenseDate?: string,
  ) => {
    add(into, first.List);
    for (
      let offset = BILL_PAGE_LIMIT;
      offset < first.Total && first.List.length > 0;
      offset += BILL_PAGE_LIMIT
    ) {
      const r = await read(period, offset, expenseDate);
      add(into, r.List);
      if (r.List.length === 0) break;
    }
  };
  for (const period of periods) {
    const first = await read(period, 0);
    const week = daysOf(period, days);
    const elapsed = elapsedDays(period, days.until);
    const wholePages = Math.ceil(first.Total / BILL_PAGE_LIMIT) - 1;
    const perDayPages = week.length * Math.max(1, Math.ceil(first.Total / elapsed / BILL_PAGE_LIMIT));
    const mine = new Map<string, Money>();
    if (perDayPages < wholePages) {
      for (const day of week) await rest(mine, await read(period, 0, day), period, day);
    } else {
      await rest(mine, first, period);
    }
    for (const [p, v] of mine) sums.set(p, (sums.get(p) ?? ZERO).plus(v));
  }
  for (const [p, v] of sums) if (v.isZero()) sums.delete(p);
  return sums;
}

/** The bill days of `period` within the window, oldest first. */
function daysOf(period: string, window: { since: string; until: string }): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${window.since}T00:00:00Z`); ; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > window.until) return out;
    if (day.startsWith(period)) out.push(day);
  }
}

/** How many of `period`'s days have begun by `until` (the whole month for a past period). */
function elapsedDays(period: string, until: string): number {
  if (until.startsWith(period)) return Number(until.slice(8, 10));
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** How long the dashboard shows one read of the week (business time): a dashboard open costs no bill page then. */
export const DASHBOARD_UNATTRIBUTED_TTL_MS = 15 * 60_000;

const dashboardReads = new WeakMap<object, { at: number; value: Promise<UnattributedSpending> }>();

/**
 * The week's read for the dashboard, shared for a quarter of an hour by the opens in this process (and by
 * opens arriving together): every open read the whole week's bill before, which on a large account is
 * pages of the account's 5 requests a second taken from the watch. A failed read is not kept.
 */
function dashboardRead(deps: UnattributedSpendingDeps): Promise<UnattributedSpending> {
  const now = deps.clock.now().getTime();
  const hit = dashboardReads.get(deps.db);
  if (hit && now >= hit.at && now - hit.at < DASHBOARD_UNATTRIBUTED_TTL_MS) return hit.value;
  const value = unattributedArkSpending(deps);
  const entry = { at: now, value };
  dashboardReads.set(deps.db, entry);
  value.then(
    (u) => {
      if (u.failed.length > 0 && dashboardReads.get(deps.db) === entry) dashboardReads.delete(deps.db);
    },
    () => {
      if (dashboardReads.get(deps.db) === entry) dashboardReads.delete(deps.db);
    },
  );
  return value;
}

/** The dashboard's line: the week's total and its projects, or null when no main account's bill could be read. */
export async function dashboardUnattributed(
  deps: UnattributedSpendingDeps,
): Promise<{ amount: Money; projects: Array<{ project: string; amount: Money }> } | null> {
  const u = await dashboardRead(deps);
  const accounts = new Set(u.byProject.map((p) => p.account));
  const label = (p: UnattributedSpending['byProject'][number]) =>
    accounts.size > 1 ? `${p.account}/${p.project || '-'}` : p.project;
  // a total missing an account would read as the whole: unknown instead
  if (u.failed.length > 0) return null;
  return { amount: u.total, projects: u.byProject.map((p) => ({ project: label(p), amount: p.amount })) };
}
