/**
 * Instants for people, on the Asia/Shanghai wall clock (times are stored and computed in UTC). Cards and
 * the CLI print time only through these; bill days and months are `billingPeriod.ts`'s business.
 */
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
