import { formatAmount, toDecimalString, type Money } from '../domain/money.js';
import { formatShanghai } from '../domain/shanghaiTime.js';

/** Money in columns: 2 decimals without a symbol, so tables align and read like the amounts one types. */
export const money2 = (m: Money): string => formatAmount(m);

/** Money for scripts: a decimal string. */
export const moneyJson = (m: Money): string => toDecimalString(m);

/** A percent for people ("12.5%", "∞" when spending exists without quota). */
export function percent(p: Money): string {
  return p.isFinite() ? `${p.toDecimalPlaces(1).toFixed(1)}%` : '∞';
}

/** Asia/Shanghai wall-clock time for people ("2025-06-10 19:19"), "-" for none. */
export function shanghai(at: Date | null | undefined): string {
  return at ? formatShanghai(at) : '-';
}
