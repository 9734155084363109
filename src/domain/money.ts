import { Decimal } from 'decimal.js';

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

/** Why a typed amount was refused; the edges say it in words. */
export type AmountProblem = 'invalid' | 'too_many_decimals' | 'not_positive' | 'too_large';
/** A refusal carries the input, quoted and cut short, to show back. */
export type AmountReading =
  { ok: true; value: Money } | { ok: false; problem: AmountProblem; preview: string };

/**
 * Reads an amount a person typed (chat, CLI, API): ASCII digits, an optional point and at most 2 decimals,
 * greater than 0 and at most MAX_AMOUNT. Anything else — signs, exponents, commas, full-width digits,
 * NaN, 40-digit numbers — is a refusal with its reason, never a throw.
 */
export function readAmount(input: unknown): AmountReading {
  const text = typeof input === 'string' ? input.trim() : undefined;
  const m = text === undefined ? null : AMOUNT_PATTERN.exec(text);
  const refuse = (problem: AmountProblem): AmountReading => ({ ok: false, problem, preview: preview(input) });
  if (!m || text === undefined) return refuse('invalid');
  if ((m[2]?.length ?? 0) > INPUT_DECIMALS) return refuse('too_many_decimals');
  if (m[1]!.replace(/^0+/, '').length > MAX_AMOUNT.length) return refuse('too_large');
  const value = new MoneyDecimal(text);
  if (value.lte(0)) return refuse('not_positive');
  if (value.gt(MAX_AMOUNT)) return refuse('too_large');
  return { ok: true, value };
}

function preview(input: unknown): string {
  const s = typeof input === 'string' ? input : typeof input === 'number' ? String(input) : typeof input;
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
}
