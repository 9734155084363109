import { Decimal } from 'decimal.js';
import { UsageError } from '../errors.js';

/**
 * Money is an exact decimal in CNY, never a JavaScript number. The ledger keeps 6 decimals (the DECIMAL(20,6)
 * columns); people type at most 2. A private Decimal clone keeps its settings away from anyone else's.
 */
export const MoneyDecimal = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 30,
});
export type Money = Decimal;

/** The one rounding mode for money: half away from zero, as a cashier rounds. */
export const MONEY_ROUNDING = Decimal.ROUND_HALF_UP;
export const STORED_DECIMALS = 6;
export const INPUT_DECIMALS = 2;
/** The largest amount one allocation, deduction or request may carry (100 million). */
export const MAX_AMOUNT = '100000000';

export const ZERO: Money = new MoneyDecimal(0);

/** A Money from a trusted decimal string or Decimal (database values, computed sums). */
export function money(value: string | Decimal): Money {
  const m = new MoneyDecimal(value);
  if (!m.isFinite()) throw new RangeError('money must be finite');
  return m;
}

export function sumMoney(values: Iterable<Money>): Money {
  let total: Money = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Rounds to `decimals` places with the money rounding mode. */
export function roundMoney(m: Money, decimals = INPUT_DECIMALS): Money {
  return m.toDecimalPlaces(decimals, MONEY_ROUNDING);
}

/** The canonical stored form: fixed 6 decimals, the same string on MySQL and SQLite. */
export function toStoredString(m: Money): string {
  return m.toFixed(STORED_DECIMALS, MONEY_ROUNDING);
}

/** A plain decimal string for JSON: no exponent, no trailing zeros beyond 2 decimals ("100", "12.5", "0.123"). */
export function toDecimalString(m: Money): string {
  const fixed = m.toFixed(Math.max(m.decimalPlaces(), 0));
  return fixed === '-0' ? '0' : fixed;
}

/** "12345678.5" → "12,345,678.50": digits are grouped on the string, the value never passes through a float. */
export function groupDigits(d: Decimal, decimals: number): string {
  const fixed = d.abs().toFixed(decimals, MONEY_ROUNDING);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/**
 * Money for people, the one way cards, chat and messages show it: "¥1,234.50"; negative amounts read
 * "-¥12.00". Accepts a decimal string too (view models carry money as strings).
 */
export function formatMoney(value: Money | string): string {
  const d = new MoneyDecimal(value.toString());
  const body = `¥${groupDigits(d, INPUT_DECIMALS)}`;
  return d.isNegative() && !roundMoney(d).isZero() ? `-${body}` : body;
}

/** An amount as a person types it, for columns and scripts: 2 decimals, no symbol, no grouping ("1234.50"). */
export function formatAmount(m: Money): string {
  return m.toFixed(INPUT_DECIMALS, MONEY_ROUNDING);
}

/**
 * A limit shown to people ("at most 491.77 can be deducted"): 2 decimals rounded toward zero, so the figure
 * offered is always one the limit accepts (491.776319 → 491.77; half-up would offer the refused 491.78).
 */
export function formatLimit(m: Money): string {
  return m.toFixed(INPUT_DECIMALS, Decimal.ROUND_DOWN);
}

const AMOUNT_PATTERN = /^(\d+)(?:\.(\d+))?$/;
const AMOUNT_USAGE =
  '金额须为大于 0 的数字，最多两位小数，例如 100 或 100.50 / a number > 0 with at most 2 decimals, e.g. 100 or 100.50';

/**
 * Parses an amount a person typed (chat, CLI, API): ASCII digits, an optional point and at most 2 decimals,
 * greater than 0 and at most MAX_AMOUNT. Anything else — signs, exponents, commas, full-width digits,
 * NaN, 40-digit numbers — is a UsageError naming the field, never a throw of another kind.
 */
export function parseAmount(input: unknown, field = 'amount'): Money {
  const text = typeof input === 'string' ? input.trim() : undefined;
  const m = text === undefined ? null : AMOUNT_PATTERN.exec(text);
  if (!m || text === undefined) throw usage(`无效金额 / invalid amount: ${preview(input)}`, field);
  if ((m[2]?.length ?? 0) > INPUT_DECIMALS) {
    throw usage(`金额最多两位小数 / at most ${INPUT_DECIMALS} decimals: ${preview(input)}`, field);
  }
  if (m[1]!.replace(/^0+/, '').length > MAX_AMOUNT.length) throw tooLarge(field);
  const value = new MoneyDecimal(text);
  if (value.lte(0)) throw usage(`金额必须大于 0 / amount must be greater than 0: ${preview(input)}`, field);
  if (value.gt(MAX_AMOUNT)) throw tooLarge(field);
  return value;
}

function tooLarge(field: string): UsageError {
  return usage(`金额不能超过 ${MAX_AMOUNT} / amount must not exceed ${MAX_AMOUNT}`, field);
}

function usage(message: string, field: string): UsageError {
  return new UsageError(message, { field, usage: AMOUNT_USAGE });
}

function preview(input: unknown): string {
  const s = typeof input === 'string' ? input : typeof input === 'number' ? String(input) : typeof input;
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
}
