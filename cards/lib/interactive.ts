import { clip, plain } from './builders.js';
import type { CardElement } from './types.js';
import type { ActionValue } from './values.js';

export type ButtonStyle = 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled' | 'text';
export type Confirm = { title: string; text: string };

/** A button that calls back with a versioned, zod-checked value (see values.ts). */
export function button(
  label: string,
  value: ActionValue,
  opts: { style?: ButtonStyle; confirm?: Confirm } = {},
): CardElement {
  return {
    tag: 'button',
    text: plain(clip(label)),
    type: opts.style ?? 'default',
    behaviors: [{ type: 'callback', value }],
    ...(opts.confirm
      ? { confirm: { title: plain(opts.confirm.title), text: plain(opts.confirm.text) } }
      : {}),
  };
}

export function linkButton(label: string, url: string): CardElement {
  return {
    tag: 'button',
    text: plain(clip(label)),
    type: 'default',
    behaviors: [{ type: 'open_url', default_url: url }],
  };
}

/** A form: inputs are read only when its submit button is pressed; every child needs a card-unique name. */
export function form(name: string, elements: CardElement[]): CardElement {
  return { tag: 'form', name, elements };
}

export function submitButton(
  label: string,
  name: string,
  value: ActionValue,
  style: ButtonStyle = 'primary_filled',
): CardElement {
  return {
    tag: 'button',
    name,
    text: plain(clip(label)),
    type: style,
    form_action_type: 'submit',
    behaviors: [{ type: 'callback', value }],
  };
}

export function input(
  name: string,
  o: {
    label: string;
    placeholder?: string;
    value?: string;
    maxLength?: number;
    multiline?: boolean;
    required?: boolean;
  },
): CardElement {
  return {
    tag: 'input',
    name,
    label: plain(clip(o.label)),
    label_position: 'top',
    ...(o.placeholder ? { placeholder: plain(clip(o.placeholder)) } : {}),
    ...(o.value !== undefined ? { default_value: o.value } : {}),
    max_length: o.maxLength ?? 200,
    ...(o.multiline ? { input_type: 'multiline_text', rows: 2 } : {}),
    ...(o.required ? { required: true } : {}),
  };
}

export type Option = { label: string; value: string };

function options(list: readonly Option[]) {
  const seen = new Set<string>();
  return list
    .filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true)))
    .map((o) => ({ text: plain(clip(o.label)), value: o.value }));
}

/**
 * A single-choice dropdown. Outside a form it calls back on choice with `value` and the chosen `option`;
 * inside a form it needs a `name` and is read on submit.
 */
export function select(o: {
  name?: string;
  placeholder: string;
  options: readonly Option[];
  initial?: string;
  value?: ActionValue;
}): CardElement {
  return {
    tag: 'select_static',
    ...(o.name ? { name: o.name } : {}),
    placeholder: plain(clip(o.placeholder)),
    options: options(o.options),
    ...(o.initial !== undefined && o.options.some((x) => x.value === o.initial)
      ? { initial_option: o.initial }
      : {}),
    ...(o.value ? { behaviors: [{ type: 'callback', value: o.value }] } : {}),
    width: 'fill',
  };
}

/**
 * A multiple-choice dropdown in a form. A selected value missing from the options is kept as an option of its
 * own (labelled by its value): saving the form must never drop a setting just because its label is unknown.
 */
export function multiSelect(o: {
  name: string;
  placeholder: string;
  options: readonly Option[];
  selected: readonly string[];
}): CardElement {
  const known = new Set(o.options.map((x) => x.value));
  const extra = o.selected.filter((v) => !known.has(v)).map((v) => ({ label: v, value: v }));
  return {
    tag: 'multi_select_static',
    name: o.name,
    placeholder: plain(clip(o.placeholder)),
    options: options([...o.options, ...extra]),
    selected_values: [...new Set(o.selected)],
    required: false,
    width: 'fill',
  };
}
