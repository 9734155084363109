import { Decimal } from 'decimal.js';
import { formatMoney, groupDigits } from '../../src/domain/money.js';
import type { Locale, MoneyLike } from './types.js';

// Money and Shanghai time have one formatter each, in the domain; cards reach them through here.
export { formatMoney } from '../../src/domain/money.js';
export { formatShanghai, formatShanghaiDay } from '../../src/domain/shanghaiTime.js';

/** A private clone: exact to 40 digits, never switches to exponent notation, rounds half away from zero. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof D>;

/** Anything shown as a decimal: money, percents. A `number` is accepted for percents and counts only. */
export type DecimalLike = MoneyLike | number;

export function toDecimal(value: DecimalLike): Dec {
  return new D(typeof value === 'number' ? value : value.toString());
}

/** "+¥100.00" / "-¥50.00": a ledger movement. */
export function formatSignedMoney(value: MoneyLike): string {
  const d = toDecimal(value);
  return d.isNegative() ? formatMoney(d) : `+${formatMoney(d)}`;
}

/** "72.5%"; an infinite percent (spent without any quota) reads "∞". */
export function formatPercent(value: DecimalLike, decimals = 1): string {
  const d = toDecimal(value);
  if (!d.isFinite()) return d.isNaN() ? '—' : '∞';
  return `${d.isNegative() ? '-' : ''}${groupDigits(d, decimals)}%`;
}

/** spent / quota × 100, or Infinity when something was spent without quota; 0 for nothing at all. */
export function percentOf(spent: MoneyLike, quota: MoneyLike): Dec {
  const s = toDecimal(spent);
  const q = toDecimal(quota);
  if (q.lte(0)) return s.gt(0) ? new D(Infinity) : new D(0);
  return s.div(q).times(100);
}

export function isFiniteDecimal(value: DecimalLike): boolean {
  return toDecimal(value).isFinite();
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(n: number, locale: Locale, zh: string, en: string): string {
  return locale === 'zh' ? `${n} ${zh}` : `${n} ${en}${n === 1 ? '' : 's'}`;
}

/** A span of time for people: "约 5 小时" / "about 5 hours"; under a minute reads "不到 1 分钟". */
export function formatDuration(ms: number, locale: Locale): string {
  if (!Number.isFinite(ms)) return locale === 'zh' ? '无法估计' : 'not estimable';
  const abs = Math.abs(ms);
  if (abs < MINUTE) return locale === 'zh' ? '不到 1 分钟' : 'under a minute';
  const text =
    abs < HOUR
      ? unit(Math.round(abs / MINUTE), locale, '分钟', 'minute')
      : abs < 2 * DAY
        ? unit(Math.round(abs / HOUR), locale, '小时', 'hour')
        : unit(Math.round(abs / DAY), locale, '天', 'day');
  return locale === 'zh' ? `约 ${text}` : `about ${text}`;
}

/** How old a reading is: "3 小时前" / "3 hours ago"; "刚刚" / "just now". */
export function formatAgo(then: Date, now: Date, locale: Locale): string {
  const ms = now.getTime() - then.getTime();
  if (ms < MINUTE) return locale === 'zh' ? '刚刚' : 'just now';
  const text = formatDuration(ms, locale).replace(/^(约 |about )/, '');
  return locale === 'zh' ? `${text}前` : `${text} ago`;
}

/** Hours as a duration ("约 5 小时"), for burn-rate estimates. */
export function formatHours(hours: number, locale: Locale): string {
  return formatDuration(hours * HOUR, locale);
}

/** Whole numbers with grouping: 12345 → "12,345". */
export function formatCount(n: number): string {
  return groupDigits(toDecimal(Math.trunc(n)), 0);
}
