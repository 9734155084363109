import { money, type Money } from './money.js';

/**
 * Bill amounts inside one sweep as integer micro-yuan (bigint): exact, and far smaller than a decimal
 * object per (project, day) when a month of 6,000 projects is held at once. The stored precision is 6
 * decimals (DECIMAL(20,6)); a longer fraction is rounded half away from zero, as the ledger rounds.
 */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

export function toMicro(s: string): bigint | null {
  const m = DECIMAL.exec(s.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  let v = BigInt(m[2]! + frac.slice(0, 6).padEnd(6, '0'));
  if (frac.length > 6 && frac.charCodeAt(6) >= 53) v += 1n;
  return m[1] === '-' ? -v : v;
}

export function microToMoney(v: bigint): Money {
  return money(microToString(v));
}

/** "-12.345600": the stored form. */
export function microToString(v: bigint): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(7, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

export function moneyToMicro(m: Money): bigint {
  return toMicro(m.toFixed(6)) ?? 0n;
}
