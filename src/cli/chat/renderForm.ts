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

type Option = { value: string; label: string };

/** The choices as the terminal shows them: "1) 孙七 (sunqi)  2) …" — numbered labels, never the raw values. */
export function listOptions(options: readonly Option[]): string {
  return options.map((o, i) => `${i + 1}) ${o.label}`).join('  ');
}

/**
 * What the user typed for a select, as the option's value: its number, its label (any case) or its value;
 * for a multi-select several, separated by commas. undefined when something typed matches no option.
 */
export function pickOption(
  options: readonly Option[],
  typed: string,
  multi = false,
): string | string[] | undefined {
  const one = (t: string): string | undefined => {
    const want = t.trim();
    if (/^\d+$/.test(want) && options[Number(want) - 1]) return options[Number(want) - 1]!.value;
    const lower = want.toLowerCase();
    return (
      options.find((o) => o.label.toLowerCase() === lower)?.value ??
      options.find((o) => o.value === want)?.value ??
      // A label as the card shows it may carry a detail after the name ("孙七 (sunqi)"): its start is enough when unique.
      (() => {
        const starts = options.filter((o) => o.label.toLowerCase().startsWith(lower));
        return lower && starts.length === 1 ? starts[0]!.value : undefined;
      })()
    );
  };
  if (!multi) return one(typed);
  const picked = typed
    .split(/[,，、]/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map(one);
  return picked.every((p): p is string => p !== undefined) ? picked : undefined;
}

/** Whether a select takes several options. */
export const isMulti = (tag: string) => tag.startsWith('multi_');
