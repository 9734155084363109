import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../fixtures/feishu-card-v2.schema.json' with { type: 'json' };
import { CARD_LIMIT_BYTES, cardContentBytes, cardRequestBytes } from '../../../cards/lib/size.js';
import type { CardJson } from '../../../cards/lib/types.js';

/**
 * Checks a card as Feishu would: the JSON 2.0 schema (test/fixtures), then the rules outside the schema
 * (feishu-cards.md §5), then the size. Returns every problem found; an empty list means the card is sendable.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validateSchema = ajv.compile(schema);

const CONTAINERS = new Set(['column_set', 'column', 'form', 'interactive_container', 'collapsible_panel']);
const INTERACTIVE = new Set([
  ...['input', 'select_static', 'multi_select_static', 'select_person', 'multi_select_person'],
  ...['date_picker', 'picker_time', 'picker_datetime', 'checker', 'select_img', 'button', 'overflow'],
]);
const ELEMENT_ID = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

export type CardReport = { problems: string[]; bytes: number; requestBytes: number; tagged: number };

export function checkCard(card: CardJson): CardReport {
  const problems: string[] = [];
  if (!validateSchema(card)) {
    for (const e of validateSchema.errors ?? [])
      problems.push(`schema ${e.instancePath || '/'}: ${e.message ?? ''}`);
  }
  const w = { tagged: 0, tables: 0, ids: new Set<string>(), names: new Set<string>() };
  const walk = (node: unknown, path: string, depth: number, inForm: boolean, formDepth: number): void => {
    if (Array.isArray(node))
      return node.forEach((n, i) => walk(n, `${path}[${i}]`, depth, inForm, formDepth));
    if (!isObj(node)) {
      if (typeof node === 'string' && /\{\w+\}|undefined|NaN|\[object Object\]/.test(node)) {
        problems.push(`${path}: suspicious text ${JSON.stringify(node.slice(0, 60))}`);
      }
      return;
    }
    const tag = typeof node.tag === 'string' ? node.tag : undefined;
    if (tag) w.tagged += 1;
    if (node.element_id !== undefined) {
      const id = String(node.element_id);
      if (!ELEMENT_ID.test(id)) problems.push(`${path}: bad element_id ${id}`);
      if (w.ids.has(id)) problems.push(`${path}: element_id ${id} not unique`);
      w.ids.add(id);
    }
    if (tag && (INTERACTIVE.has(tag) || tag === 'form') && typeof node.name === 'string') {
      if (w.names.has(node.name)) problems.push(`${path}: name ${node.name} not unique`);
      w.names.add(node.name);
    }
    if (tag && inForm && INTERACTIVE.has(tag) && !node.name)
      problems.push(`${path}: ${tag} in a form without a name`);
    if (tag && Array.isArray(node.options)) {
      const values = node.options.map((o) => (isObj(o) ? o.value : undefined));
      if (new Set(values).size !== values.length) problems.push(`${path}: option values not unique`);
    }
    if (tag === 'table') {
      w.tables += 1;
      const cols = new Set((node.columns as Obj[]).map((c) => String(c.name)));
      for (const r of node.rows as Obj[])
        for (const k of Object.keys(r)) if (!cols.has(k)) problems.push(`${path}: row key ${k} undeclared`);
    }
    if (tag === 'form' && !JSON.stringify(node.elements).includes('"form_action_type":"submit"')) {
      problems.push(`${path}: form without a submit button`);
    }
    const d = tag && CONTAINERS.has(tag) && tag !== 'column' ? depth + 1 : depth;
    if (d > 5) problems.push(`${path}: containers nested deeper than 5`);
    for (const [k, v] of Object.entries(node)) {
      if (k === 'chart_spec' || k === 'behaviors') continue;
      walk(v, `${path}.${k}`, d, inForm || tag === 'form', tag === 'form' ? d : formDepth);
    }
  };
  walk(card, '$', 0, false, 0);
  if (w.tagged > 200) problems.push(`${w.tagged} tagged components (max 200)`);
  if (w.tables > 5) problems.push(`${w.tables} tables (max 5)`);
  const bytes = cardContentBytes(card);
  const requestBytes = cardRequestBytes(card);
  if (requestBytes > CARD_LIMIT_BYTES)
    problems.push(`request body ${requestBytes} B > ${CARD_LIMIT_BYTES} B`);
  return { problems, bytes, requestBytes, tagged: w.tagged };
}

/** Every human-readable string of a card, in order: titles, texts, labels, options, table headers and cells. */
export function cardText(card: CardJson): string {
  const out: string[] = [];
  const walk = (node: unknown, inRows: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inRows));
    if (!isObj(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'behaviors' || k === 'chart_spec') continue;
      if (typeof v === 'string' && (inRows || ['content', 'display_name', 'default_value'].includes(k)))
        out.push(v);
      else walk(v, inRows || k === 'rows');
    }
  };
  walk(card, false);
  return out.join('\n');
}

/** Every callback value on a card (buttons, selects, form submits). */
export function callbackValues(card: CardJson): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (node.type === 'callback' && 'value' in node) out.push(node.value);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}

/** Tags of every interactive component (buttons, inputs, selects) on a card. */
export function interactiveTags(card: CardJson): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (typeof node.tag === 'string' && INTERACTIVE.has(node.tag)) out.push(node.tag);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}
