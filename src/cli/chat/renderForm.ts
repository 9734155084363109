/** Form inputs of a card: what a submit button will ask the terminal user for. Pure. */
export type FormField = {
  name: string;
  label: string;
  tag: string;
  options?: Array<{ value: string; label: string }>;
  initial?: string;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const INPUTS = new Set([
  'input',
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'checker',
]);

export function optionsOf(el: Obj, text: (t: unknown) => string): Array<{ value: string; label: string }> {
  return arr(el.options)
    .filter(isObj)
    .map((o) => ({ value: String(o.value ?? ''), label: text(o.text) || String(o.value ?? '') }));
}

/** Every named input of a form, for the prompt shown before its submit button is sent. */
export function collectFields(list: unknown, text: (t: unknown) => string): FormField[] {
  const out: FormField[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    const tag = String(node.tag ?? '');
    if (INPUTS.has(tag) && typeof node.name === 'string') {
      const options = optionsOf(node, text);
      const initial =
        node.default_value ??
        node.initial_option ??
        node.initial_date ??
        node.initial_time ??
        node.initial_datetime;
      out.push({
        name: node.name,
        label: text(node.label) || text(node.placeholder) || node.name,
        tag,
        ...(options.length ? { options } : {}),
        ...(initial !== undefined ? { initial: String(initial) } : {}),
      });
      return;
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(list);
  return out;
}
