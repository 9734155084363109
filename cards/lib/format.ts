import { Decimal } from 'decimal.js';
import type { Locale, MoneyLike } from './types.js';

/** A private clone: exact to 40 digits, never switches to exponent notation, rounds half away from zero. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof D>;

/** Anything shown as a decimal: money, percents. A `number` is accepted for percents and counts only. */
export type DecimalLike = MoneyLike | number;

export function toDecimal(value: DecimalLike): Dec {
  return new D(typeof value === 'number' ? value : value.toString());
}

/** "12345678.5" → "12,345,678.50": digits are grouped on the string, the value never passes through a float. */
function groupFixed(d: Dec, decimals: number): string {
  const fixed = d.abs().toFixed(decimals, Decimal.ROUND_HALF_UP);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** "¥1,234.50"; negative amounts read "-¥12.00". */
export function formatMoney(value: MoneyLike): string {
  const d = toDecimal(value);
  const body = `¥${groupFixed(d, 2)}`;
  return d.isNegative() && !d.toDecimalPlaces(2).isZero() ? `-${body}` : body;
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
  return `${d.isNegative() ? '-' : ''}${groupFixed(d, decimals)}%`;
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

const shanghaiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of shanghaiParts.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** "2025-06-10 19:19" in Asia/Shanghai; with `zone`, " (UTC+8)" follows. */
export function formatShanghai(at: Date, opts: { zone?: boolean } = {}): string {
  const p = parts(at);
  const text = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  return opts.zone ? `${text} (UTC+8)` : text;
}

/** The Asia/Shanghai calendar day: "2025-06-10". */
export function formatShanghaiDay(at: Date): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day}`;
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
  return groupFixed(toDecimal(Math.trunc(n)), 0);
}
