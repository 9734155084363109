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
 */
async function unattributedOf(
  client: VolcClient,
  pacer: Pacer,
  periods: string[],
  days: { since: string; until: string },
  monitored: ReadonlySet<string>,
): Promise<Map<string, Money>> {
  const sums = new Map<string, Money>();
  for (const period of periods) {
    for (let offset = 0; ; offset += BILL_PAGE_LIMIT) {
      const r = await paced(pacer, () =>
        listSplitBillDetail(client, {
          BillPeriod: period,
          GroupPeriod: 1,
          Product: [ARK_BILL_PRODUCT],
          IgnoreZero: 1,
          Limit: BILL_PAGE_LIMIT,
          Offset: offset,
          NeedRecordNum: 1,
        }),
      );
      for (const row of r.List) {
        // the Product filter may be ignored server-side (ark-api.md §6.1): filtered here too
        if (row.Product !== undefined && row.Product !== ARK_BILL_PRODUCT) continue;
        const day = row.ExpenseDate ?? '';
        if (day < days.since || day > days.until) continue;
        const project = row.Project === '-' ? '' : row.Project;
        if (project !== '' && monitored.has(project)) continue;
        sums.set(project, (sums.get(project) ?? ZERO).plus(money(row.PayableAmount)));
      }
      if (offset + BILL_PAGE_LIMIT >= r.Total || r.List.length === 0) break;
    }
  }
  for (const [p, v] of sums) if (v.isZero()) sums.delete(p);
  return sums;
}

/** The dashboard's line: the week's total and its projects, or null when no main account's bill could be read. */
export async function dashboardUnattributed(
  deps: UnattributedSpendingDeps,
): Promise<{ amount: Money; projects: Array<{ project: string; amount: Money }> } | null> {
  const u = await unattributedArkSpending(deps);
  const accounts = new Set(u.byProject.map((p) => p.account));
  const label = (p: UnattributedSpending['byProject'][number]) =>
    accounts.size > 1 ? `${p.account}/${p.project || '-'}` : p.project;
  // a total missing an account would read as the whole: unknown instead
  if (u.failed.length > 0) return null;
  return { amount: u.total, projects: u.byProject.map((p) => ({ project: label(p), amount: p.amount })) };
}
