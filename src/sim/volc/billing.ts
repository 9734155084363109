import { BILLING_V, defineActions, type ActionContext } from './actions.js';
import {
  billUnits,
  compare,
  splitFromDay,
  totalVisibleSpend,
  withOddUnits,
  type BillUnit,
  type GroupPeriod,
} from './billUnits.js';
import { presentBillRow, productInfo, shownProject, type RowContext } from './billPresent.js';
import { paramErrors } from './errors.js';
import { formatMicro } from './money.js';
import { shanghaiDay } from './time.js';
import { arkVisibleMicro, isArkUnit, presentArkBillRow, withArkUnits } from './ark/index.js';

function billPeriod({ params, nowMs }: ActionContext): string {
  const period = params.required('BillPeriod');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period))
    throw paramErrors.billingInvalid('BillPeriod', 'expected YYYY-MM');
  const current = shanghaiDay(nowMs).slice(0, 7);
  const idx = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7));
  if (period < '2022-01' || period > current || idx(current) - idx(period) > 23) {
    throw paramErrors.billingInvalid('BillPeriod', `only the last 24 months up to ${current} can be queried`);
  }
  return period;
}

function paging({ params }: ActionContext): { limit: number; offset: number } {
  if (!params.has('Limit')) throw paramErrors.billingMissing('Limit');
  return { limit: params.int('Limit', 10, 1, 300), offset: params.int('Offset', 0, 0) };
}

function listResult(ctx: ActionContext, rows: unknown[], total: number, limit: number, offset: number) {
  const needTotal = ctx.params.int('NeedRecordNum', 0, 0, 1) === 1;
  return {
    List: rows.slice(offset, offset + limit),
    Total: needTotal ? total : 0,
    Limit: limit,
    Offset: offset,
  };
}

/** Filters shared by ListBillDetail and ListSplitBillDetail, on what the row shows. */
function filtered(ctx: ActionContext, units: BillUnit[], group: GroupPeriod, rc: RowContext): BillUnit[] {
  const p = ctx.params;
  const projects = new Set(p.list('Project'));
  const products = new Set(p.list('Product'));
  const modes = p.list('BillingMode');
  const categories = p.list('BillCategory');
  const owners = [...p.list('OwnerID'), ...p.list('PayerID')];
  const instance = p.str('InstanceNo') ?? '';
  const expenseDate = p.str('ExpenseDate') ?? '';
  if (expenseDate) {
    // "ExpenseDate (YYYY-MM-DD, only with GroupPeriod 1 or 2, same month)" (ark-api.md §6.1, MCP spec / DOCM
    // ListBillDetail); with GroupPeriod 0 (one row per bill period) it is refused.
    if (group === 0) throw paramErrors.billingInvalid('ExpenseDate', 'only allowed with GroupPeriod 1 or 2');
    if (!expenseDate.startsWith(`${rc.period}-`))
      throw paramErrors.billingInvalid('ExpenseDate', 'must lie in BillPeriod');
  }
  const ignoreZero = p.int('IgnoreZero', 0, 0, 1) === 1;
  const none =
    (modes.length > 0 && !modes.includes('2')) ||
    (owners.length > 0 && !owners.includes(String(rc.accountId)));
  if (none) return [];
  // Every row is pay-as-you-go usage (consume-use) unless it says otherwise (a refund, an adjustment).
  const wanted = new Set(categories);
  return units.filter(
    (u) =>
      (wanted.size === 0 || wanted.has(u.category ?? 'consume-use')) &&
      (projects.size === 0 || projects.has(shownProject(u, rc))) &&
      (products.size === 0 || products.has(u.product)) &&
      (!instance || u.instanceNo === instance) &&
      (!expenseDate || u.day === expenseDate) &&
      (!ignoreZero || ctx.sim.oddBillRows || u.amount !== 0n),
  );
}

function rowContext(ctx: ActionContext, period: string, split: boolean): RowContext {
  const st = ctx.sim.state;
  return {
    accountId: st.accountId,
    period,
    split,
    hideArkProject: ctx.sim.billDetailHidesArkProject,
    projectDisplayName: (n) => st.projects.get(n)?.displayName ?? n,
  };
}

/** ListBillDetail GroupTerm 2 (product) and 3 (account) collapse rows further. */
function groupTerm(units: BillUnit[], term: number, rc: RowContext): BillUnit[] {
  if (term !== 2 && term !== 3) return units;
  const out = new Map<string, BillUnit>();
  for (const u of units) {
    const project = term === 2 ? shownProject(u, rc) : '-';
    const k = `${u.day}|${u.hourStart ?? ''}|${project}|${term === 2 ? u.product : ''}`;
    const acc = out.get(k);
    if (acc) acc.amount += u.amount;
    else out.set(k, { ...u, project, instanceNo: '', user: null });
  }
  return [...out.values()];
}

const FILTER_KEYS = [
  'Project',
  'Product',
  'BillingMode',
  'BillCategory',
  'OwnerID',
  'PayerID',
  'InstanceNo',
  'ExpenseDate',
  'IgnoreZero',
  'GroupTerm',
];
const pageCache = new WeakMap<object, { key: string; units: BillUnit[] }>();
const NO_UNITS: BillUnit[] = [];
const oddUnits = new WeakMap<BillUnit[], BillUnit[]>();

function oddCache(units: BillUnit[], period: string): BillUnit[] {
  let hit = oddUnits.get(units);
  if (!hit) oddUnits.set(units, (hit = withOddUnits(period, units)));
  return hit;
}

const oddPeriods = new WeakMap<BillUnit[], { days: BillUnit[]; units: BillUnit[] }>();

/**
 * A period's rows (GroupPeriod 0) are the sum of what its day rows (GroupPeriod 1) show: with odd rows on,
 * the refund dated last month, the fee with no project and the free rows are summed into the period's rows
 * too, one per project, instance, product and category — so a period total is exactly the sum of its days.
 */
function withOddPeriodUnits(period: string, month: BillUnit[], days: BillUnit[]): BillUnit[] {
  const hit = oddPeriods.get(month);
  if (hit && hit.days === days) return hit.units;
  const plain = new Set(days);
  const sums = new Map<string, BillUnit>();
  for (const u of oddCache(days, period)) {
    if (plain.has(u)) continue;
    const k = `${u.project}|${u.instanceNo}|${u.product}|${u.category ?? ''}`;
    const acc = sums.get(k);
    if (acc) acc.amount += u.amount;
    else sums.set(k, { ...u, day: '', hourStart: null });
  }
  const units = [...month, ...sums.values()].sort(compare);
  oddPeriods.set(month, { days, units });
  return units;
}

/** Paging through one query re-uses its filtered rows until the data changes. */
function queryUnits(ctx: ActionContext, period: string, group: GroupPeriod, rc: RowContext): BillUnit[] {
  const arkQuery = {
    period,
    group,
    split: rc.split,
    splitDimension: ctx.params.str('SplitDimension'),
    splitItemId: ctx.params.str('SplitItemID'),
  };
  const unitsAt = (g: GroupPeriod): BillUnit[] => {
    if (!rc.split) return withArkUnits(ctx.sim, billUnits(ctx.sim, period, g), { ...arkQuery, group: g });
    // Split billing off: the split bill is empty whatever was spent (ListBillDetail still has the rows);
    // on, it covers only the days from its switch-on ("only consumption after enabling is split", ark-api.md
    // §6.2), Ark rows included — the month row of GroupPeriod 0 too, which sums only those days.
    const from = splitFromDay(ctx.sim);
    if (from === null) return NO_UNITS;
    return withArkUnits(ctx.sim, billUnits(ctx.sim, period, g, from), {
      ...arkQuery,
      group: g,
      fromDay: from,
    });
  };
  let all = unitsAt(group);
  if (ctx.sim.oddBillRows && all !== NO_UNITS)
    all = group === 0 ? withOddPeriodUnits(period, all, unitsAt(1)) : oddCache(all, period);
  const key = JSON.stringify([
    rc.split,
    rc.hideArkProject,
    ctx.sim.oddBillRows,
    period,
    group,
    ...FILTER_KEYS.map((k) => [ctx.params.list(k), ctx.params.raw(k)]),
  ]);
  const hit = pageCache.get(all);
  if (hit && hit.key === key) return hit.units;
  let units = filtered(ctx, all, group, rc);
  if (!rc.split) units = groupTerm(units, ctx.params.int('GroupTerm', 0, 0, 3), rc);
  pageCache.set(all, { key, units });
  return units;
}

function detail(split: boolean) {
  return (ctx: ActionContext) => {
    const period = billPeriod(ctx);
    const { limit, offset } = paging(ctx);
    const group = ctx.params.int('GroupPeriod', 1, 0, 2) as GroupPeriod;
    const rc = rowContext(ctx, period, split);
    const units = queryUnits(ctx, period, group, rc);
    let page = units.slice(offset, offset + limit);
    // With odd rows on, IgnoreZero drops free rows after paging: a page may be short (unverified).
    if (ctx.sim.oddBillRows && ctx.params.int('IgnoreZero', 0, 0, 1) === 1)
      page = page.filter((u) => u.amount !== 0n);
    const rows = page.map((u) => (isArkUnit(u) ? presentArkBillRow(u, rc) : presentBillRow(u, rc)));
    return { ...listResult(ctx, [], units.length, limit, offset), List: rows };
  };
}

/** Month totals per product (ListBill, ListBillOverviewByProd have no project dimension). */
function byProduct(ctx: ActionContext, period: string): Array<[string, bigint]> {
  const sums = new Map<string, bigint>();
  const units = withArkUnits(ctx.sim, billUnits(ctx.sim, period, 0), { period, group: 0, split: false });
  for (const u of units) sums.set(u.product, (sums.get(u.product) ?? 0n) + u.amount);
  const products = new Set(ctx.params.list('Product'));
  return [...sums]
    .filter(([p]) => products.size === 0 || products.has(p))
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

function overviewRow(ctx: ActionContext, period: string, product: string, micro: bigint, settled: boolean) {
  const amount = formatMicro(micro);
  const account = String(ctx.sim.state.accountId);
  return {
    BillPeriod: period,
    PayerID: account,
    PayerUserName: 'airgate-main',
    PayerCustomerName: 'AirGate 模拟账号',
    OwnerID: account,
    OwnerUserName: 'airgate-main',
    OwnerCustomerName: 'AirGate 模拟账号',
    Product: product,
    ProductZh: productInfo(product).zh,
    BusinessMode: '普通',
    BillingMode: '按量计费',
    BillCategoryParent: 'consume',
    OriginalBillAmount: amount,
    PreferentialBillAmount: '0.00',
    RoundBillAmount: '0.00',
    DiscountBillAmount: amount,
    CouponAmount: '0.00',
    PayableAmount: amount,
    PaidAmount: settled ? amount : '0.00',
    UnpaidAmount: settled ? '0.00' : amount,
    Currency: 'CNY',
    PayStatus: settled ? 'CompletedSettle' : 'Unsettle',
  };
}

function overview(ctx: ActionContext) {
  const period = billPeriod(ctx);
  const { limit, offset } = paging(ctx);
  const settled = period < shanghaiDay(ctx.nowMs).slice(0, 7);
  const rows = byProduct(ctx, period).map(([p, v]) => overviewRow(ctx, period, p, v, settled));
  return listResult(ctx, rows, rows.length, limit, offset);
}

export const billingActions = defineActions('billing', BILLING_V, {
  ListSplitBillDetail: detail(true),
  ListBillDetail: detail(false),
  ListBill: overview,
  ListBillOverviewByProd: overview,
  QueryBalanceAcct: ({ sim }) => {
    const left = sim.balanceMicro - totalVisibleSpend(sim) - arkVisibleMicro(sim);
    return {
      AccountID: sim.state.accountId,
      AvailableBalance: formatMicro(left),
      CashBalance: formatMicro(left > 0n ? left : 0n),
      CreditLimit: '0.00',
      FreezeAmount: '0.00',
      ArrearsBalance: formatMicro(left < 0n ? -left : 0n),
    };
  },
});
