import { roundMoney, sumMoney, type Money } from '../domain/money.js';

/** Terminal width of a string: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  }
  return w;
}

export type Column<R> = {
  header: string;
  value: (row: R) => string;
  /** right-aligned (numbers, money) */
  right?: boolean;
};

/** Rows as aligned columns under a header line; an empty list prints `empty` instead. */
export function renderTable<R>(columns: Array<Column<R>>, rows: readonly R[], empty = '(none)'): string {
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((r) => columns.map((c) => oneLine(c.value(r))));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => {
        const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell)));
        return columns[i]?.right ? gap + cell : cell + gap;
      })
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return `${[header, rule, ...cells.map(line)].join('\n')}\n`;
}

/** "key: value" lines with the keys aligned. */
export function renderFields(fields: Array<[string, string]>): string {
  const width = Math.max(0, ...fields.map(([k]) => displayWidth(k)));
  return `${fields.map(([k, v]) => `${k}${' '.repeat(width - displayWidth(k))}  ${oneLine(v)}`).join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/**
 * The sum of amounts as a table shows them (each rounded to the cent the way money2 rounds): a total
 * printed beside rounded rows is the sum a reader adds up, never a cent off (issue 16). JSON keeps exact.
 */
export function shownSum(values: Iterable<Money>): Money {
  return sumMoney([...values].map((v) => roundMoney(v)));
}

/**
 * Quota, spent and remaining as one line prints them: remaining is the shown quota minus the shown spent
 * (the exact remaining, rounded alone, can be a cent off: 100.00 − 59.995 → 60.00 spent, 40.01 left).
 */
export function shownQuota(q: { quota: Money; spent: Money }, spentShown?: Money) {
  const quota = roundMoney(q.quota);
  const spent = spentShown ?? roundMoney(q.spent);
  return { quota, spent, remaining: quota.minus(spent) };
}
