import { dashboardCard, type DashboardRow, type DashboardView } from '../../../cards/dashboard.js';
import { watchRepo } from '../../db/repos/watch.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { sumMoney, ZERO, type Money } from '../../domain/money.js';
import { listQuotas, type QuotaView } from '../../services/quota/getQuota.js';
import { dashboardUnattributed } from '../../services/enforcement/unattributedSpending.js';
import { estimateErrors } from '../../services/spending/estimateError.js';
import { billDay } from '../../domain/billingPeriod.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';
import { subRef } from './views.js';

const TREND_DAYS = 14;
const DAY_MS = 86_400_000;

/** Totals, who is near or over quota, who is disabled, and the spending of the last 14 Shanghai days. */
export async function loadDashboard(deps: Deps): Promise<DashboardView> {
  const views = await listQuotas(deps);
  const row = (v: QuotaView): DashboardRow => ({
    ...subRef(v.subAccount),
    spent: v.quota.spent,
    quota: v.quota.quota,
    percent: v.quota.percent,
  });
  const byPercent = (a: DashboardRow, b: DashboardRow) =>
    (b.percent as Money).comparedTo(a.percent as Money) || a.name.localeCompare(b.name);
  const over = views
    .filter((v) => v.quota.exhausted)
    .map(row)
    .sort(byPercent);
  const near = views
    .filter((v) => !v.quota.exhausted && v.quota.percent.gte(Math.max(...v.thresholds)))
    .map(row)
    .sort(byPercent);
  const disabled = views.filter((v) => v.subAccount.status === 'disabled').map(row);
  const total = (f: (v: QuotaView) => Money) => sumMoney(views.map(f));
  return {
    totals: {
      subAccounts: views.length,
      active: views.filter((v) => v.subAccount.status === 'active').length,
      disabled: disabled.length,
      quota: total((v) => v.quota.quota),
      spent: total((v) => v.quota.spent),
      remaining: total((v) => v.quota.remaining),
    },
    near,
    over,
    disabled,
    trend: await trend(deps, views),
    lastCheckAt: await withReader(deps.db, (m) => watchRepo.lastStartedAt(m)),
    unattributed: await dashboardUnattributed(deps),
    estimateErrors: await withReader(deps.db, (m) => estimateErrors(m)),
  };
}

/** Spending per day of the monitored projects of managed sub-accounts (summed in code, never in SQL). */
async function trend(deps: Deps, views: readonly QuotaView[]) {
  const now = deps.clock.now();
  const days = Array.from({ length: TREND_DAYS }, (_, i) =>
    billDay(new Date(now.getTime() - (TREND_DAYS - 1 - i) * DAY_MS)),
  );
  const perDay = new Map<string, Money>(days.map((d) => [d, ZERO]));
  const projectsByAccount = new Map<string, string[]>();
  for (const v of views)
    for (const p of v.projects.filter((x) => x.monitored))
      projectsByAccount.set(p.accountId, [...(projectsByAccount.get(p.accountId) ?? []), p.projectName]);
  await withReader(deps.db, async (m) => {
    for (const [accountId, projectNames] of projectsByAccount) {
      const rows = await deps.repos.spending.list(m, {
        accountId,
        projectNames,
        sinceDay: days[0],
        untilDay: days.at(-1),
      });
      for (const r of rows) perDay.set(r.day, (perDay.get(r.day) ?? ZERO).plus(r.amount));
    }
  });
  return days.map((d) => ({ label: d.slice(5), amount: perDay.get(d) ?? ZERO }));
}

/** dashboard / 总览. */
export const dashboardCommand = defineChatCommand({
  key: 'dashboard',
  names: ['dashboard', '总览', '概览'],
  args: noArgs,
  policy: 'subaccount.view',
  run: (deps) => loadDashboard(deps),
  render: (view, locale) => dashboardCard(view, locale),
});
