import type { BillUnit } from './billUnits.js';
import { formatMicro } from './money.js';
import { hashString } from './rng.js';
import { HOUR_MS, shanghaiDateTime, shanghaiDayStart } from './time.js';

type ProductInfo = { zh: string; element: string; factor: string; unit: string; priceMicro: bigint };

const PRODUCTS: Record<string, ProductInfo> = {
  ark: { zh: '火山方舟', element: '模型推理', factor: 'tokens', unit: '千tokens', priceMicro: 800n },
  ECS: { zh: '云服务器', element: '实例规格', factor: '时长', unit: '小时', priceMicro: 1_200_000n },
  TOS: { zh: '对象存储', element: '存储容量', factor: '容量', unit: 'GB*小时', priceMicro: 200n },
  VKE: { zh: '容器服务', element: '集群管理费', factor: '时长', unit: '小时', priceMicro: 500_000n },
};

export const productInfo = (code: string): ProductInfo =>
  PRODUCTS[code] ?? { zh: code, element: code, factor: '用量', unit: '个', priceMicro: 1_000_000n };

export type RowContext = {
  accountId: number;
  period: string;
  projectDisplayName: (name: string) => string;
  split: boolean;
  /** ListBillDetail shows "-" for Ark model inference (split bills attribute it correctly) */
  hideArkProject: boolean;
};

/** The project a row shows (ListBillDetail loses the project of Ark model inference, as the real one). */
export function shownProject(
  u: Pick<BillUnit, 'project' | 'product'>,
  ctx: Pick<RowContext, 'split' | 'hideArkProject'>,
): string {
  return !ctx.split && ctx.hideArkProject && (u.product === 'ark' || u.product === 'ark_bd')
    ? '-'
    : u.project;
}

function span(u: BillUnit, period: string): [number, number] {
  if (u.hourStart !== null) return [u.hourStart, u.hourStart + HOUR_MS];
  if (u.day) return [shanghaiDayStart(u.day), shanghaiDayStart(u.day) + 86_400_000 - 1000];
  const [y, m] = period.split('-').map(Number) as [number, number];
  const next = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
  return [shanghaiDayStart(`${period}-01`), shanghaiDayStart(next) - 1000];
}

/** A ListBillDetail / ListSplitBillDetail row with the real field set; amounts as decimal strings. */
export function presentBillRow(u: BillUnit, ctx: RowContext): Record<string, unknown> {
  const info = productInfo(u.product);
  const amount = formatMicro(u.amount);
  const project = shownProject(u, ctx);
  const [begin, end] = span(u, ctx.period);
  const id = hashString(`${u.project}|${u.instanceNo}|${u.day}|${u.hourStart ?? ''}`)
    .toString(16)
    .padStart(8, '0');
  const account = String(ctx.accountId);
  const row: Record<string, unknown> = {
    BillPeriod: ctx.period,
    ExpenseDate: u.day,
    TradeTime: shanghaiDateTime(end),
    BusiPeriod: ctx.period,
    BillID: `${ctx.period.replace('-', '')}${id}`,
    BillDetailId: `${ctx.period.replace('-', '')}${id}${u.hourStart === null ? '' : (u.hourStart / HOUR_MS) % 24}`,
    BillCategory: 'consume-use',
    PayerID: account,
    PayerUserName: 'airgate-main',
    PayerCustomerName: 'AirGate 模拟账号',
    OwnerID: account,
    OwnerUserName: 'airgate-main',
    OwnerCustomerName: 'AirGate 模拟账号',
    SellerID: account,
    SellerUserName: 'airgate-main',
    SellerCustomerName: 'AirGate 模拟账号',
    Product: u.product,
    ProductZh: info.zh,
    SolutionZh: info.zh,
    BillingMode: '按量计费',
    BusinessMode: '普通',
    SellingMode: '普通',
    SettlementType: '正常',
    InstanceNo: u.instanceNo,
    InstanceName: `${u.user ?? 'main'}-${u.project}`,
    ResourceID: u.instanceNo,
    ConfigName: info.element,
    Element: info.element,
    ElementCode: info.element,
    Factor: info.factor,
    FactorCode: info.factor,
    Region: '华北2（北京）',
    RegionCode: 'cn-beijing',
    Zone: '',
    ZoneCode: '',
    Project: project,
    ProjectDisplayName: project === '-' ? '-' : ctx.projectDisplayName(u.project),
    ProjectRemark: '',
    Tag: '',
    ExpandField: '',
    Count: formatMicro((u.amount * 1_000_000n) / info.priceMicro),
    Unit: info.unit,
    Price: formatMicro(info.priceMicro),
    PriceUnit: `元/${info.unit}`,
    MarketPrice: formatMicro(info.priceMicro),
    UseDuration: u.hourStart !== null ? '1' : '',
    UseDurationUnit: u.hourStart !== null ? '小时' : '',
    DeductionCount: '0',
    OriginalBillAmount: amount,
    PreferentialBillAmount: '0.00',
    DiscountBillAmount: amount,
    PayableAmount: amount,
    PaidAmount: amount,
    UnpaidAmount: '0.00',
    CreditCarriedAmount: '0.00',
    PointDeductAmount: '0.00',
    RoundAmount: ctx.split ? '0' : 0,
    PretaxAmount: amount,
    PosttaxAmount: amount,
    Tax: '0.00',
    TaxRate: '0',
    Currency: 'CNY',
    CurrencySettlement: 'CNY',
    ExchangeRate: '1',
    SettlePayableAmount: amount,
    SettlePaidAmount: amount,
    SettleOriginalBillAmount: amount,
  };
  if (ctx.split) {
    row['ExpenseTime'] = `${shanghaiDateTime(begin)} ~ ${shanghaiDateTime(end)}`;
    row['CouponDeductionAmount'] = '0.00';
    row['SplitItemID'] = u.instanceNo;
    row['SplitItemName'] = `${u.user ?? 'main'}-${u.project}`;
    row['SplitItemAmount'] = amount;
    row['SplitItemRatio'] = '1';
    row['SplitBillDetailId'] = `S${row['BillDetailId'] as string}`;
    row['CostUnit'] = '';
  } else {
    row['ExpenseBeginTime'] = shanghaiDateTime(begin);
    row['ExpenseEndTime'] = shanghaiDateTime(end);
    row['CouponAmount'] = '0.00';
  }
  return row;
}
