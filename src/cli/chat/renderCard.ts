import { collectFields, INPUTS, optionsOf, type FormField } from './renderForm.js';
import { renderTable } from './renderTable.js';
import { inlineText, localizedText, type Locale } from './renderText.js';

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
    return localizedText(t, this.o.locale, this.o.names);
  }

  inline(s: string): string {
    return inlineText(s, this.o.names);
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
        return [`${indent}[${this.o.locale === 'zh' ? '图表' : 'chart'}]`];
      case 'person':
        return [`${indent}@${this.o.names?.[String(el.user_id)] ?? String(el.user_id)}`];
      case 'column_set':
        return this.columns(el, indent, form);
      case 'table':
        return renderTable(el, (t) => this.inline(t), indent);
      case 'action':
        return this.elements(el.actions, indent, form);
      case 'form': {
        const f = { name: String(el.name ?? ''), fields: collectFields(el.elements, (t) => this.text(t)) };
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
    const options = optionsOf(el, (t) => this.text(t));
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
    const color =
      typeof header.template === 'string' && header.template !== 'default' ? ` [${header.template}]` : '';
    lines.push(`■ ${r.text(header.title)}${color}`);
    if (header.subtitle) lines.push(`  ${r.text(header.subtitle)}`);
    const tags = arr(header.text_tag_list)
      .filter(isObj)
      .map((t) => `[${r.text(t.text)}]`);
    if (tags.length) lines.push(`  ${tags.join(' ')}`);
  }
  const body = isObj(c.body) ? c.body.elements : c.elements;
  lines.push(...r.elements(body));
  return { lines, clickables: r.clickables };
}
