import { z } from 'zod';
import { UsageError } from '../../errors.js';
import type { VolcClient } from '../client.js';
import { callInfo, volcRequest, type VolcActionName } from '../catalog.js';
import {
  decimalString,
  idLike,
  intLike,
  items,
  listOf,
  numberOrDecimal,
  optionalDecimal,
  paginate,
  type Page,
} from './common.js';

/** Billing (2022-01-01, POST JSON). Every amount is a decimal string; no float ever holds money. */
export const BILL_PAGE_LIMIT = 300;

const billPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const optionalText = z.string().optional();

const billRowFields = {
  BillPeriod: billPeriod,
  ExpenseDate: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'expected YYYY-MM-DD')
    .optional(),
  BillID: optionalText,
  BillCategory: optionalText,
  PayerID: idLike.optional(),
  OwnerID: idLike.optional(),
  OwnerUserName: optionalText,
  Product: optionalText,
  ProductZh: optionalText,
  BillingMode: optionalText,
  BusinessMode: optionalText,
  InstanceNo: optionalText,
  InstanceName: optionalText,
  Region: optionalText,
  Zone: optionalText,
  ProjectDisplayName: optionalText,
  Currency: optionalText,
  OriginalBillAmount: decimalString,
  DiscountBillAmount: decimalString,
  PayableAmount: decimalString,
  PreferentialBillAmount: optionalDecimal,
  PaidAmount: optionalDecimal,
  UnpaidAmount: optionalDecimal,
  CreditCarriedAmount: optionalDecimal,
  PretaxAmount: optionalDecimal,
  PosttaxAmount: optionalDecimal,
  Tax: optionalDecimal,
  SettlePayableAmount: optionalDecimal,
};

/** ListBillDetail may show Project "-" (or none) for some pay-as-you-go products. */
export const billDetailRowSchema = z.looseObject({
  ...billRowFields,
  Project: optionalText,
  ExpenseBeginTime: optionalText,
  ExpenseEndTime: optionalText,
  CouponAmount: optionalDecimal,
  RoundAmount: numberOrDecimal,
});
export type VolcBillDetailRow = z.infer<typeof billDetailRowSchema>;

/** The split bill attributes spending to projects correctly: the source for per-project quotas. */
export const splitBillDetailRowSchema = z.looseObject({
  ...billRowFields,
  Project: z.string(),
  ExpenseTime: optionalText,
  CouponDeductionAmount: optionalDecimal,
  RoundAmount: numberOrDecimal,
  SplitItemID: optionalText,
  SplitItemName: optionalText,
  SplitItemAmount: optionalDecimal,
});
export type VolcSplitBillDetailRow = z.infer<typeof splitBillDetailRowSchema>;

export const billRowSchema = z.looseObject({
  BillPeriod: billPeriod,
  BillID: optionalText,
  Product: optionalText,
  ProductZh: optionalText,
  BillingMode: optionalText,
  BillCategoryParent: optionalText,
  PayStatus: optionalText,
  Currency: optionalText,
  OriginalBillAmount: optionalDecimal,
  PreferentialBillAmount: optionalDecimal,
  RoundBillAmount: numberOrDecimal,
  DiscountBillAmount: optionalDecimal,
  CouponAmount: optionalDecimal,
  PayableAmount: decimalString,
  PaidAmount: optionalDecimal,
  UnpaidAmount: optionalDecimal,
});
export type VolcBillRow = z.infer<typeof billRowSchema>;

function billList<T extends z.ZodType>(row: T) {
  return z.looseObject({
    List: listOf(row),
    Total: intLike,
    Limit: intLike.optional(),
    Offset: intLike.optional(),
    Warning: z.string().optional(),
  });
}
export const listBillDetailResultSchema = billList(billDetailRowSchema);
export const listSplitBillDetailResultSchema = billList(splitBillDetailRowSchema);
export const listBillResultSchema = billList(billRowSchema);
export type BillList<T> = {
  List: T[];
  Total: number;
  Limit?: number | undefined;
  Offset?: number | undefined;
  Warning?: string | undefined;
};

type CommonBillParams = {
  BillPeriod: string;
  Limit?: number;
  Offset?: number;
  NeedRecordNum?: 0 | 1;
  IgnoreZero?: 0 | 1;
  Product?: string[];
  BillingMode?: string[];
  PayerID?: number[];
  OwnerID?: number[];
};
type DetailParams = CommonBillParams & {
  BillCategory?: string[];
  /** only with GroupPeriod 1, inside BillPeriod */
  ExpenseDate?: string;
  /** 0 per month, 1 per day, 2 raw detail */
  GroupPeriod?: 0 | 1 | 2;
  InstanceNo?: string;
  Project?: string[];
  TagKV?: Array<{ Key: string; Value?: string }>;
  TagKVFilterMode?: number;
};
export type ListBillDetailParams = DetailParams & { GroupTerm?: 0 | 1 | 2 | 3 };
export type ListSplitBillDetailParams = DetailParams & { SplitItemID?: string; SplitDimension?: string };
export type ListBillParams = CommonBillParams & { BillCategoryParent?: string[]; PayStatus?: string };

function checkParams(p: CommonBillParams): void {
  if (!billPeriod.safeParse(p.BillPeriod).success) {
    throw new UsageError(`BillPeriod: expected YYYY-MM, got "${p.BillPeriod}"`, { field: 'BillPeriod' });
  }
  if (p.Limit !== undefined && !(Number.isInteger(p.Limit) && p.Limit >= 1 && p.Limit <= BILL_PAGE_LIMIT)) {
    throw new UsageError(`Limit: expected 1-${BILL_PAGE_LIMIT}`, { field: 'Limit' });
  }
}

export async function listBillDetail(
  client: VolcClient,
  p: ListBillDetailParams,
): Promise<BillList<VolcBillDetailRow>> {
  checkParams(p);
  return client.call(volcRequest('ListBillDetail', p), listBillDetailResultSchema);
}

export async function listSplitBillDetail(
  client: VolcClient,
  p: ListSplitBillDetailParams,
): Promise<BillList<VolcSplitBillDetailRow>> {
  checkParams(p);
  return client.call(volcRequest('ListSplitBillDetail', p), listSplitBillDetailResultSchema);
}

export async function listBill(client: VolcClient, p: ListBillParams): Promise<BillList<VolcBillRow>> {
  checkParams(p);
  return client.call(volcRequest('ListBill', p), listBillResultSchema);
}

type PageParams<P> = Omit<P, 'Limit' | 'Offset' | 'NeedRecordNum'> & { pageSize?: number };

function billPagesOf<P extends CommonBillParams, Row>(
  action: VolcActionName,
  list: (client: VolcClient, p: P) => Promise<BillList<Row>>,
) {
  return (client: VolcClient, p: PageParams<P>): AsyncGenerator<Page<Row>> => {
    const { pageSize, ...filter } = p;
    return paginate(callInfo(action), pageSize ?? BILL_PAGE_LIMIT, async (Offset, Limit) => {
      const r = await list(client, { ...filter, Limit, Offset, NeedRecordNum: 1 } as unknown as P);
      return { items: r.List, total: r.Total };
    });
  };
}

/** Every page of a month's bill details: Limit 300, Offset until Total (NeedRecordNum=1). */
export const billDetailPages = billPagesOf('ListBillDetail', listBillDetail);
export const splitBillDetailPages = billPagesOf('ListSplitBillDetail', listSplitBillDetail);
export const billPages = billPagesOf('ListBill', listBill);

export function listAllSplitBillDetails(
  client: VolcClient,
  p: PageParams<ListSplitBillDetailParams>,
): AsyncGenerator<VolcSplitBillDetailRow> {
  return items(splitBillDetailPages(client, p));
}

export const balanceSchema = z.looseObject({
  AccountID: idLike.optional(),
  AvailableBalance: decimalString,
  CashBalance: optionalDecimal,
  CreditLimit: optionalDecimal,
  FreezeAmount: optionalDecimal,
  ArrearsBalance: optionalDecimal,
});
export type VolcBalance = z.infer<typeof balanceSchema>;

/** The cheapest billing call: a health check of credentials and reachability. */
export async function queryBalanceAcct(client: VolcClient): Promise<VolcBalance> {
  return client.call(volcRequest('QueryBalanceAcct', {}), balanceSchema);
}
