import { z } from 'zod';
import { billingCard, type BillingRow, type BillingView } from '../../../cards/billing.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { sumMoney, ZERO, type Money } from '../../domain/money.js';
import { listQuotas } from '../../services/quota/getQuota.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { billPeriod } from '../../domain/billingPeriod.js';
import { defineChatCommand } from './define.js';
import { isMonthLike, month as monthArg } from './parse.js';
import { subRef } from './views.js';

const monthSchema = monthArg();

/** `[NAME] [MONTH]` in either order of presence: a word that looks like a month is the month. */
const args = z
  .array(z.string())
  .max(2, { error: () => '最多两个参数：名称和月份 / at most two words: NAME and MONTH' })
  .transform((words, ctx) => {
    const monthWord = words.find((w) => isMonthLike(w));
    const names = words.filter((w) => w !== monthWord);
    if (names.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `无法识别的月份：${names[1]}（应写成 2025-06） / not a month: ${names[1]} (write 2025-06)`,
      });
      return z.NEVER;
    }
    const month = monthWord === undefined ? undefined : monthSchema.safeParse(monthWord);
    if (month && !month.success) {
      ctx.addIssue({ code: 'custom', message: month.error.issues[0]?.message ?? 'month' });
      return z.NEVER;
    }
    return { name: names[0], month: month?.data };
  });

/**
 * One Shanghai bill month per project: of one sub-account (all its projects, monitored or not), or of
 * every managed sub-account. Day rows are summed here, never in SQL.
 */
export async function loadBilling(
  deps: Deps,
  input: { subAccountId?: string; month?: string; page: number },
): Promise<BillingView> {
  const month = input.month ?? billPeriod(deps.clock.now());
  const views = (await listQuotas(deps)).filter(
    (v) => !input.subAccountId || v.subAccount.id === input.subAccountId,
  );
  const rows: BillingRow[] = [];
  let asOf: Date | null = null;
  await withReader(deps.db, async (m) => {
    const byAccount = new Map<string, Array<{ project: string; sub: string; monitored: boolean }>>();
    for (const v of views)
      for (const p of v.projects)
        byAccount.set(p.accountId, [
          ...(byAccount.get(p.accountId) ?? []),
          { project: p.projectName, sub: v.subAccount.userName, monitored: p.monitored },
        ]);
    for (const [accountId, projects] of byAccount) {
      const days = await deps.repos.spending.list(m, {
        accountId,
        projectNames: projects.map((p) => p.project),
        sinceDay: `${month}-01`,
        untilDay: `${month}-31`,
      });
      const sums = new Map<string, Money>();
      for (const d of days) {
        sums.set(d.projectName, (sums.get(d.projectName) ?? ZERO).plus(d.amount));
        if (!asOf || d.updatedAt > asOf) asOf = d.updatedAt;
      }
      for (const p of projects)
        rows.push({
          project: p.project,
          subAccount: p.sub,
          amount: sums.get(p.project) ?? ZERO,
          monitored: p.monitored,
        });
    }
  });
  rows.sort((a, b) => (b.amount as Money).comparedTo(a.amount) || a.project.localeCompare(b.project));
  const only = input.subAccountId ? views[0] : undefined;
  return {
    month,
    ...(only ? { sub: subRef(only.subAccount) } : {}),
    rows,
    total: sumMoney(rows.map((r) => r.amount as Money)),
    monitoredTotal: sumMoney(rows.filter((r) => r.monitored).map((r) => r.amount as Money)),
    page: input.page,
    asOf,
    quotas: views.map((q) => ({ name: q.subAccount.userName, quota: q.quota.quota, spent: q.quota.spent })),
  };
}

/** billing [NAME] [MONTH] / 账单: per-project spending of a month (this month by default). */
export const billingCommand = defineChatCommand({
  key: 'billing',
  names: ['billing', 'bill', '账单'],
  args,
  policy: 'quota.view',
  run: async (deps, _actor, a) => {
    const sub = a.name ? await resolveSubAccount(deps, a.name) : undefined;
    return loadBilling(deps, {
      ...(sub ? { subAccountId: sub.id } : {}),
      ...(a.month ? { month: a.month } : {}),
      page: 1,
    });
  },
  render: (view, locale) => billingCard(view, locale),
});
