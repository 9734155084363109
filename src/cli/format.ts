import { formatMoney, toDecimalString, type Money } from '../domain/money.js';

/** Money for people: 2 decimals. */
export const money2 = (m: Money): string => formatMoney(m);

/** Money for scripts: a decimal string. */
export const moneyJson = (m: Money): string => toDecimalString(m);

/** A percent for people ("12.5%", "∞" when spending exists without quota). */
export function percent(p: Money): string {
  return p.isFinite() ? `${p.toDecimalPlaces(1).toFixed(1)}%` : '∞';
}

/** Asia/Shanghai wall-clock time for people (stored times are UTC; Shanghai has no daylight saving). */
export function shanghai(at: Date | null | undefined): string {
  if (!at) return '-';
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
