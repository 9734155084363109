import cardSchema from './cardSchema.json' with { type: 'json' };
import { SchemaValidator, type Schema, type SchemaIssue } from './jsonSchema.js';
import { feishuErrors, type FeishuError } from './responses.js';

/** Card and post bodies may be 30 KB; Feishu measures the request content (feishu-cards.md §3). */
export const CARD_MAX_BYTES = 30 * 1024;
export const TEXT_MAX_BYTES = 150 * 1024;
const MAX_TAGGED = 200;
const MAX_TABLES = 5;
const MAX_CONTAINER_DEPTH = 5;

export type CardProblem = { sub: number; path: Array<string | number>; message: string };
export type CardResult = { ok: true; card: Record<string, unknown> } | { ok: false; problem: CardProblem };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const validator = new SchemaValidator(cardSchema as Schema);
const CONTAINERS = new Set(['column_set', 'form', 'interactive_container', 'collapsible_panel']);
const INTERACTIVE = new Set([
  ...['input', 'select_static', 'multi_select_static', 'select_person', 'multi_select_person'],
  ...['date_picker', 'picker_time', 'picker_datetime', 'checker', 'select_img', 'button', 'overflow'],
]);
const V1_ONLY = new Set(['note', 'action']);

/** Parses a `content` string of an interactive message and validates the card in it. */
export function parseCardContent(content: string): CardResult {
  let card: unknown;
  try {
    card = JSON.parse(content);
  } catch {
    return problem(200621, [], 'parse card json err, please check whether the card json is correct');
  }
  return validateCard(card);
}

/** Checks a card against the JSON 2.0 schema and the rules the schema cannot express. */
export function validateCard(card: unknown): CardResult {
  if (!isObj(card))
    return problem(200621, [], 'parse card json err, please check whether the card json is correct');
  if (card.schema !== '2.0')
    return problem(200621, ['schema'], 'must be "2.0": only card JSON 2.0 is checked');
  const v1 = findV1Tag(card, []);
  if (v1) return problem(200861, v1, 'cards of schema V2 no longer support this capability');
  // The verdict first, the issues only for a card that fails (most pass: their issues were an empty walk).
  const issues = validator.isValid(card) ? [] : validator.validate(card);
  if (issues.length > 0) {
    const worst = deepest(issues);
    return problem(200621, worst.path, worst.message);
  }
  const extra = extraChecks(card);
  return extra ? { ok: false, problem: extra } : { ok: true, card };
}

/** Feishu's 230099 body text: `Failed to create card content, ext=ErrCode: …; ErrPath: …; ErrMsg: …`. */
export function cardError(card: unknown, p: CardProblem): FeishuError {
  return {
    code: feishuErrors.badCard.code,
    msg: `${feishuErrors.badCard.msg}, ext=ErrCode: ${p.sub}; ErrPath: ${formatPath(card, p.path)}; ErrMsg: ${p.message};`,
  };
}

export function formatPath(card: unknown, path: Array<string | number>): string {
  const parts = ['ROOT'];
  let node: unknown = card;
  for (const seg of path) {
    node = Array.isArray(node) || isObj(node) ? (node as Obj)[seg as string] : undefined;
    const tag = isObj(node) && typeof node.tag === 'string' ? `(tag: ${node.tag})` : '';
    parts.push(typeof seg === 'number' ? `[${seg}]${tag}` : `${seg}`);
  }
  return parts.join(' -> ');
}

function problem(sub: number, path: Array<string | number>, message: string): CardResult {
  return { ok: false, problem: { sub, path, message } };
}

function deepest(issues: SchemaIssue[]): SchemaIssue {
  return issues.reduce((a, b) => (b.path.length > a.path.length ? b : a));
}

function findV1Tag(node: unknown, path: Array<string | number>): Array<string | number> | undefined {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const hit = findV1Tag(item, [...path, i]);
      if (hit) return hit;
    }
  } else if (isObj(node)) {
    if (typeof node.tag === 'string' && V1_ONLY.has(node.tag) && path.length > 0) return path;
    for (const [k, v] of Object.entries(node)) {
      const hit = findV1Tag(v, [...path, k]);
      if (hit) return hit;
    }
  }
  return undefined;
}

type Walk = { tagged: number; tables: number; ids: Set<string>; names: Set<string>; found?: CardProblem };

/** feishu-cards.md §5: uniqueness, counts, nesting, forms, options and table rows. */
function extraChecks(card: Obj): CardProblem | undefined {
  const w: Walk = { tagged: 0, tables: 0, ids: new Set(), names: new Set() };
  visit(card, [], 0, undefined, w);
  if (w.found) return w.found;
  if (w.tagged > MAX_TAGGED) return { sub: 11310, path: [], message: 'element exceeds the limit' };
  return undefined;
}

function visit(
  node: unknown,
  path: Array<string | number>,
  depth: number,
  form: number | undefined,
  w: Walk,
): void {
  if (w.found) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => visit(item, [...path, i], depth, form, w));
    return;
  }
  if (!isObj(node)) return;
  const fail = (sub: number, message: string) => (w.found ??= { sub, path, message });
  const tag = typeof node.tag === 'string' ? node.tag : undefined;
  if (tag) w.tagged += 1;
  if (typeof node.element_id === 'string') {
    if (w.ids.has(node.element_id)) return void fail(200621, `element_id "${node.element_id}" is not unique`);
    w.ids.add(node.element_id);
  }
  if (tag && typeof node.name === 'string' && (INTERACTIVE.has(tag) || tag === 'form')) {
    if (w.names.has(node.name)) return void fail(200621, `name "${node.name}" is not unique`);
    w.names.add(node.name);
  }
  if (
    tag &&
    INTERACTIVE.has(tag) &&
    tag !== 'overflow' &&
    form !== undefined &&
    path.length > form + 2 &&
    !node.name
  ) {
    return void fail(200530, 'components inside a form need a name');
  }
  if (tag && Array.isArray(node.options)) {
    const values = node.options.map((o) => (isObj(o) ? o.value : undefined)).filter((v) => v !== undefined);
    if (new Set(values).size !== values.length) return void fail(200621, 'option values must be unique');
  }
  if (tag === 'table') {
    w.tables += 1;
    if (w.tables > MAX_TABLES) return void fail(11310, `a card holds at most ${MAX_TABLES} tables`);
    const bad = checkTable(node);
    if (bad) return void fail(bad.sub, bad.message);
  }
  const nextDepth = tag && CONTAINERS.has(tag) ? depth + 1 : depth;
  if (nextDepth > MAX_CONTAINER_DEPTH)
    return void fail(200621, `containers nest at most ${MAX_CONTAINER_DEPTH} levels`);
  if (tag === 'form' && !hasSubmit(node.elements)) return void fail(200621, 'a form needs a submit button');
  for (const [k, v] of Object.entries(node))
    visit(v, [...path, k], nextDepth, tag === 'form' ? path.length : form, w);
}

function hasSubmit(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasSubmit);
  if (!isObj(node)) return false;
  if (node.tag === 'button' && node.form_action_type === 'submit') return true;
  return Object.values(node).some(hasSubmit);
}

const cellOk: Record<string, (v: unknown) => boolean> = {
  number: (v) => typeof v === 'number',
  date: (v) => typeof v === 'number',
  text: (v) => typeof v === 'string',
  lark_md: (v) => typeof v === 'string',
  markdown: (v) => typeof v === 'string',
  options: (v) => Array.isArray(v),
  persons: (v) => Array.isArray(v) || typeof v === 'string',
};

function checkTable(table: Obj): { sub: number; message: string } | undefined {
  const columns = new Map<string, string>();
  for (const c of table.columns as unknown[]) if (isObj(c)) columns.set(String(c.name), String(c.data_type));
  for (const row of table.rows as unknown[]) {
    if (!isObj(row)) continue;
    for (const [key, value] of Object.entries(row)) {
      const type = columns.get(key);
      if (type === undefined) return { sub: 200915, message: 'table rows name is invalid' };
      if (value !== null && cellOk[type] && !cellOk[type](value))
        return { sub: 200914, message: 'table rows is invalid' };
    }
  }
  return undefined;
}
