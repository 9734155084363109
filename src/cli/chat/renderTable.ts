type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function cell(v: unknown, type: string, col: Obj, inline: (s: string) => string): string {
  if (v === undefined || v === null) return '';
  if (type === 'number' && typeof v === 'number') {
    const f = isObj(col.format) ? col.format : {};
    const fixed = typeof f.precision === 'number' ? v.toFixed(f.precision) : String(v);
    const grouped = f.separator ? fixed.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : fixed;
    return `${typeof f.symbol === 'string' ? f.symbol : ''}${grouped}`;
  }
  if (type === 'options')
    return arr(v)
      .map((o) => (isObj(o) ? String(o.text ?? '') : String(o)))
      .join(', ');
  if (type === 'persons')
    return arr(Array.isArray(v) ? v : [v])
      .map((p) => `@${inline(String(p))}`)
      .join(', ');
  return inline(String(v)).replace(/\n/g, ' ');
}

const width = (s: string) =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

/** A card `table` as aligned columns; CJK characters count double width. */
export function renderTable(el: Obj, inline: (s: string) => string, indent = ''): string[] {
  const cols = arr(el.columns).filter(isObj);
  const head = cols.map((c) => inline(String(c.display_name ?? c.name ?? '')));
  const rows = arr(el.rows)
    .filter(isObj)
    .map((row) => cols.map((c) => cell(row[String(c.name)], String(c.data_type ?? 'text'), c, inline)));
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => pad(c, widths[i] ?? 0))
      .join(' │ ')
      .trimEnd();
  return [line(head), indent + widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)];
}
