import type { CardElement } from './types.js';

export type Column = {
  name: string;
  label: string;
  /** `text` cells show exactly what was given (money arrives pre-formatted, never as a float). */
  type?: 'text' | 'lark_md';
  width?: string;
  align?: 'left' | 'center' | 'right';
};

/**
 * A `table` component. It may sit only directly in `body.elements`, at most 5 per card; every row key must be
 * a declared column (Feishu error 200915), so rows are built from the column list.
 */
export function table(
  columns: readonly Column[],
  rows: ReadonlyArray<Record<string, string>>,
  pageSize = 10,
): CardElement {
  return {
    tag: 'table',
    page_size: Math.min(10, Math.max(1, pageSize)),
    row_height: 'low',
    header_style: { background_style: 'grey', text_size: 'normal', bold: true, text_align: 'left' },
    columns: columns.map((c) => ({
      name: c.name,
      display_name: c.label,
      data_type: c.type ?? 'text',
      width: c.width ?? 'auto',
      horizontal_align: c.align ?? 'left',
    })),
    rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? '']))),
  };
}
