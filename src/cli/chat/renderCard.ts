import { collectFields, INPUTS, optionsOf, type FormField } from './renderForm.js';
import { renderTable } from './renderTable.js';
import { inlineText, localizedText, paint, type Locale } from './renderText.js';

export type { FormField } from './renderForm.js';
export type { Locale } from './renderText.js';
export { renderTextContent } from './renderText.js';

/**
 * Draws a Feishu card (JSON 2.0, best effort for 1.0) as plain text for the terminal chat: header,
 * text, fields, tables, and every clickable component numbered. Pure: no I/O, no clock.
 */
export type Clickable = {
  n: number;
  label: string;
  tag: string;
  value?: unknown;
  name?: string;
  url?: string;
  disabled?: boolean;
  options?: Array<{ value: string; label: string }>;
  /** For a form's submit button: the fields the user fills in before it is sent. */
  form?: { name: string; fields: FormField[] };
};
export type RenderedCard = { lines: string[]; clickables: Clickable[] };
export type RenderOptions = {
  locale: Locale;
  firstNumber?: number;
  names?: Record<string, string>;
  width?: number;
  /** ANSI colours (a terminal); without, colours are left out and the text is plain */
  color?: boolean;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class Renderer {
  readonly clickables: Clickable[] = [];
  private n: number;
  constructor(private readonly o: RenderOptions) {
    this.n = o.firstNumber ?? 1;
  }

  text(t: unknown): string {
    return localizedText(t, this.o.locale, this.o.names, this.o.color);
  }

  inline(s: string): string {
    return inlineText(s, this.o.names, this.o.color);
  }

  /** An option's label: its text, else the name of the person or chat its value is, else the value. */
  optionLabel(value: string, text: string): string {
    return text || this.o.names?.[value] || value;
  }

  /** Disabled components are listed (n = 0) but take no number. */
  add(c: Omit<Clickable, 'n'>): Clickable {
    const full = { ...c, n: c.disabled ? 0 : this.n++ };
    this.clickables.push(full);
    return full;
  }

  elements(list: unknown, indent = '', form?: { name: string; fields: FormField[] }): string[] {
    const out: string[] = [];
    let row: string[] = [];
    const flush = () => {
      if (row.length > 0) out.push(indent + row.join('   '));
      row = [];
    };
    for (const el of arr(list)) {
      if (isObj(el) && el.tag === 'button') {
        row.push(this.button(el, form));
        continue;
      }
      flush();
      out.push(...this.element(el, indent, form));
    }
    flush();
    return out;
  }

  button(el: Obj, form?: { name: string; fields: FormField[] }): string {
    const label = this.text(el.text) || String(el.name ?? '?');
    const behaviors = arr(el.behaviors).filter(isObj);
    const url = behaviors.find((b) => b.type === 'open_url')?.default_url;
    const value = behaviors.find((b) => b.type === 'callback')?.value ?? el.value;
    const disabled = el.disabled === true;
    if (form && el.form_action_type === 'reset') return `(${label})`;
    const c = this.add({
      label,
      tag: 'button',
      ...(value !== undefined ? { value } : {}),
      ...(typeof el.name === 'string' ? { name: el.name } : {}),
      ...(typeof url === 'string' ? { url } : {}),
      ...(disabled ? { disabled } : {}),
      ...(form && el.form_action_type === 'submit' ? { form } : {}),
    });
    const mark = el.type === 'danger' || el.type === 'danger_filled' || el.type === 'danger_text' ? '!' : '';
    return disabled ? `[-] ${label}` : `[${c.n}] ${label}${mark}${typeof url === 'string' ? ' ↗' : ''}`;
  }

  element(el: unknown, indent: string, form?: { name: string; fields: FormField[] }): string[] {
    if (!isObj(el)) return [];
    const tag = String(el.tag ?? '');
    switch (tag) {
      case 'markdown':
      case 'lark_md':
      case 'plain_text':
        return this.text(el)
          .split('\n')
          .map((l) => indent + l);
      case 'div': {
        const lines = this.text(el.text).split('\n');
        for (const f of arr(el.fields)) if (isObj(f)) lines.push(this.text(f.text));
        return lines.map((l) => indent + l);
      }
      case 'hr':
        return [indent + '─'.repeat(24)];
      case 'note':
        return [
          indent +
            arr(el.elements)
              .map((e) => this.text(e))
              .join(' '),
        ];
      case 'img':
        return [
          `${indent}[${this.o.locale === 'zh' ? '图片' : 'image'}${el.alt ? `: ${this.text(el.alt)}` : ''}]`,
        ];
      case 'chart':
        return [indent + sparkline(el.chart_spec, this.o.locale)];
      case 'person':
        return [`${indent}@${this.o.names?.[String(el.user_id)] ?? String(el.user_id)}`];
      case 'column_set':
        return this.columns(el, indent, form);
      case 'table':
        return renderTable(el, (t) => this.inline(t), indent);
      case 'action':
        return this.elements(el.actions, indent, form);
      case 'form': {
        const fields = collectFields(el.elements, (t) => this.text(t)).map((f) => ({
          ...f,
          ...(f.options
            ? {
                options: f.options.map((o) => ({
                  ...o,
                  label: this.optionLabel(o.value, o.label === o.value ? '' : o.label),
                })),
              }
            : {}),
        }));
        const f = { name: String(el.name ?? ''), fields };
        return this.elements(el.elements, indent, f);
      }
      case 'collapsible_panel':
        return [
          indent + `▾ ${this.text(isObj(el.header) ? el.header.title : '')}`,
          ...this.elements(el.elements, indent + '  ', form),
        ];
      case 'interactive_container':
        return this.elements(el.elements, indent, form);
      default:
        if (INPUTS.has(tag)) return [indent + this.input(el, form)];
        return [`${indent}[${tag || '?'}]`];
    }
  }

  input(el: Obj, form?: { name: string; fields: FormField[] }): string {
    const label = this.text(el.label) || this.text(el.placeholder) || String(el.name ?? el.tag);
    const options = optionsOf(el, (t) => this.text(t)).map((o) => ({
      ...o,
      label: this.optionLabel(o.value, o.label === o.value ? '' : o.label),
    }));
    if (form) return `${label}: ____${options.length ? ` (${options.map((o) => o.label).join(' / ')})` : ''}`;
    if (el.tag === 'checker') {
      const c = this.add({
        label: this.text(el.text),
        tag: 'checker',
        value: el.value,
        ...(typeof el.name === 'string' ? { name: el.name } : {}),
      });
      return `[${c.n}] ${el.checked ? '☑' : '☐'} ${c.label}`;
    }
    const value =
      arr(el.behaviors)
        .filter(isObj)
        .find((b) => b.type === 'callback')?.value ?? el.value;
    const c = this.add({
      label,
      tag: String(el.tag),
      ...(value !== undefined ? { value } : {}),
      ...(typeof el.name === 'string' ? { name: el.name } : {}),
      ...(options.length ? { options } : {}),
    });
    return `[${c.n}] ${label} ▾${options.length ? ` (${options.map((o) => o.label).join(' / ')})` : ''}`;
  }

  columns(el: Obj, indent: string, form?: { name: string; fields: FormField[] }): string[] {
    const cols = arr(el.columns)
      .filter(isObj)
      .map((c) => this.elements(c.elements, '', form));
    if (cols.every((c) => c.length <= 1))
      return [
        indent +
          cols
            .map((c) => c[0] ?? '')
            .filter(Boolean)
            .join(' │ '),
      ];
    return cols.flat().map((l) => indent + l);
  }
}

export function renderCard(card: unknown, o: RenderOptions): RenderedCard {
  const r = new Renderer(o);
  const lines: string[] = [];
  const c = isObj(card) ? card : {};
  const header = isObj(c.header) ? c.header : undefined;
  if (header) {
    // The header's colour (template) on a terminal; in plain text it is left out, not printed as "[green]".
    const template = typeof header.template === 'string' ? header.template : undefined;
    lines.push(paint(`■ ${r.text(header.title)}`, template, o.color));
    if (header.subtitle) lines.push(`  ${r.text(header.subtitle)}`);
    const tags = arr(header.text_tag_list)
      .filter(isObj)
      .map((t) => paint(`[${r.text(t.text)}]`, typeof t.color === 'string' ? t.color : undefined, o.color));
    if (tags.length) lines.push(`  ${tags.join(' ')}`);
  }
  const body = isObj(c.body) ? c.body.elements : c.elements;
  lines.push(...r.elements(body));
  return { lines, clickables: r.clickables };
}

const TICKS = '▁▂▃▄▅▆▇█';

/**
 * A chart (VChart spec) as a one-line text sparkline of its first numeric series: "📈 05-01 ▁▃▅█▆ 05-07
 * (0.00–12.50)". The exact figures are in the card's text beside it; this is only the shape.
 */
export function sparkline(spec: unknown, locale: Locale): string {
  const s = isObj(spec) ? spec : {};
  const data = Array.isArray(s.data) ? s.data[0] : s.data;
  const values = arr(isObj(data) ? data.values : undefined).filter(isObj);
  const yField =
    typeof s.yField === 'string' ? s.yField : typeof s.valueField === 'string' ? s.valueField : '';
  const xField =
    typeof s.xField === 'string' ? s.xField : typeof s.categoryField === 'string' ? s.categoryField : '';
  const ys = values.map((v) => Number(v[yField])).filter((n) => Number.isFinite(n));
  if (ys.length === 0) return `[${locale === 'zh' ? '图表' : 'chart'}]`;
  const [min, max] = [Math.min(...ys), Math.max(...ys)];
  const line = ys
    .map((y) => TICKS[max === min ? 0 : Math.round(((y - min) / (max - min)) * (TICKS.length - 1))])
    .join('');
  const label = (v: Obj | undefined) => (v && xField && v[xField] !== undefined ? String(v[xField]) : '');
  const first = label(values[0]);
  const last = label(values[values.length - 1]);
  return `📈 ${first ? `${first} ` : ''}${line}${last ? ` ${last}` : ''} (${min.toFixed(2)}–${max.toFixed(2)})`;
}
