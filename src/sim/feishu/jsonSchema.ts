/**
 * A small JSON Schema (draft 2020-12 subset) interpreter for the card schema. ajv is only a dev
 * dependency, and the simulator ships in the image; the tests check this interpreter against ajv.
 * Supported: $ref (local), type, const, enum, properties, required, additionalProperties,
 * propertyNames, items, min/maxItems, min/maxLength, pattern, minimum, maximum, allOf, anyOf,
 * oneOf, not, if/then/else.
 */
export type Schema = boolean | { [keyword: string]: unknown };
export type SchemaIssue = { path: Array<string | number>; keyword: string; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObj(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    default:
      return false;
  }
}

function codePoints(v: string): number {
  let n = 0;
  for (const _ of v) n++;
  return n;
}

export class SchemaValidator {
  private readonly patterns = new Map<string, RegExp>();
  private readonly refs = new Map<string, Schema>();

  constructor(private readonly root: Schema) {}

  /** Every issue of `value` (empty: it passes). */
  validate(value: unknown): SchemaIssue[] {
    return this.check(this.root, value, []);
  }

  /**
   * The verdict of `validate` without its issues: it stops at the first failing keyword and builds
   * nothing, so the common case, a card that passes, costs a walk of the card and its schema alone.
   */
  isValid(value: unknown): boolean {
    return this.valid(this.root, value);
  }

  private resolve(ref: string): Schema {
    const known = this.refs.get(ref);
    if (known !== undefined) return known;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    let node: unknown = this.root;
    for (const part of ref.slice(2).split('/')) {
      node = isObj(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    this.refs.set(ref, node as Schema);
    return node as Schema;
  }

  /** `check` answering only whether there is an issue (the same keywords, in any order). */
  private valid(schema: Schema, v: unknown): boolean {
    if (typeof schema === 'boolean') return schema;
    const s = schema;
    if (typeof s.$ref === 'string' && !this.valid(this.resolve(s.$ref), v)) return false;
    if (s.type !== undefined) {
      if (
        Array.isArray(s.type)
          ? !(s.type as string[]).some((t) => typeMatches(t, v))
          : !typeMatches(s.type as string, v)
      )
        return false;
    }
    if ('const' in s && !deepEqual(v, s.const)) return false;
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(v, e))) return false;
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') {
        const len = codePoints(v);
        if (typeof s.minLength === 'number' && len < s.minLength) return false;
        if (typeof s.maxLength === 'number' && len > s.maxLength) return false;
      }
      if (typeof s.pattern === 'string' && !this.regex(s.pattern).test(v)) return false;
    } else if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) return false;
      if (typeof s.maximum === 'number' && v > s.maximum) return false;
    } else if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) return false;
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) return false;
      if (s.items !== undefined && !v.every((item) => this.valid(s.items as Schema, item))) return false;
    } else if (isObj(v) && !this.validObject(s, v)) return false;
    if (Array.isArray(s.allOf) && !(s.allOf as Schema[]).every((sub) => this.valid(sub, v))) return false;
    if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => this.valid(sub, v))) return false;
    if (Array.isArray(s.oneOf)) {
      let passing = 0;
      for (const sub of s.oneOf as Schema[]) if (this.valid(sub, v) && ++passing > 1) return false;
      if (passing !== 1) return false;
    }
    if (s.not !== undefined && this.valid(s.not as Schema, v)) return false;
    if (s.if !== undefined) {
      const branch = this.valid(s.if as Schema, v) ? s.then : s.else;
      if (branch !== undefined && !this.valid(branch as Schema, v)) return false;
    }
    return true;
  }

  private validObject(s: Obj, v: Obj): boolean {
    if (Array.isArray(s.required) && !(s.required as string[]).every((key) => Object.hasOwn(v, key)))
      return false;
    const props = isObj(s.properties) ? s.properties : undefined;
    const extra = s.additionalProperties;
    if ((extra === undefined || extra === true) && s.propertyNames === undefined) {
      // Only the named properties are checked: walk those (an `if` on one tag names one), not the value's.
      if (props)
        for (const key in props)
          if (Object.hasOwn(v, key) && !this.valid(props[key] as Schema, v[key])) return false;
      return true;
    }
    for (const key of Object.keys(v)) {
      if (props && Object.hasOwn(props, key)) {
        if (!this.valid(props[key] as Schema, v[key])) return false;
      } else if (extra === false) return false;
      else if (isObj(extra) && !this.valid(extra, v[key])) return false;
      if (s.propertyNames !== undefined && !this.valid(s.propertyNames as Schema, key)) return false;
    }
    return true;
  }

  private regex(p: string): RegExp {
    let re = this.patterns.get(p);
    if (!re) this.patterns.set(p, (re = new RegExp(p, 'u')));
    return re;
  }

  private check(schema: Schema, v: unknown, path: Array<string | number>): SchemaIssue[] {
    if (schema === true) return [];
    if (schema === false) return [{ path, keyword: 'false', message: 'not allowed' }];
    const s = schema;
    const out: SchemaIssue[] = [];
    const issue = (keyword: string, message: string, at = path) => out.push({ path: at, keyword, message });

    if (typeof s.$ref === 'string') out.push(...this.check(this.resolve(s.$ref), v, path));
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(t, v))) {
        issue('type', `must be ${types.join(' or ')}`);
        return out;
      }
    }
    if ('const' in s && !deepEqual(v, s.const)) issue('const', `must be ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(v, e))) {
      issue('enum', `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    }
    if (typeof v === 'string') {
      const len = codePoints(v);
      if (typeof s.minLength === 'number' && len < s.minLength)
        issue('minLength', `must have ≥ ${s.minLength} characters`);
      if (typeof s.maxLength === 'number' && len > s.maxLength)
        issue('maxLength', `must have ≤ ${s.maxLength} characters`);
      if (typeof s.pattern === 'string' && !this.regex(s.pattern).test(v))
        issue('pattern', `must match ${s.pattern}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) issue('minimum', `must be ≥ ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) issue('maximum', `must be ≤ ${s.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems)
        issue('minItems', `must have ≥ ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems)
        issue('maxItems', `must have ≤ ${s.maxItems} items`);
      if (s.items !== undefined)
        v.forEach((item, i) => out.push(...this.check(s.items as Schema, item, [...path, i])));
    }
    if (isObj(v)) out.push(...this.checkObject(s, v, path));
    out.push(...this.checkCombinators(s, v, path));
    return out;
  }

  private checkObject(s: Obj, v: Obj, path: Array<string | number>): SchemaIssue[] {
    const out: SchemaIssue[] = [];
    if (Array.isArray(s.required)) {
      for (const key of s.required as string[]) {
        if (!Object.hasOwn(v, key))
          out.push({ path, keyword: 'required', message: `missing required property "${key}"` });
      }
    }
    const props = isObj(s.properties) ? s.properties : {};
    for (const [key, val] of Object.entries(v)) {
      if (Object.hasOwn(props, key)) out.push(...this.check(props[key] as Schema, val, [...path, key]));
      else if (s.additionalProperties === false) {
        out.push({
          path: [...path, key],
          keyword: 'additionalProperties',
          message: `unknown property "${key}"`,
        });
      } else if (isObj(s.additionalProperties))
        out.push(...this.check(s.additionalProperties, val, [...path, key]));
      if (s.propertyNames !== undefined) {
        for (const i of this.check(s.propertyNames as Schema, key, [...path, key])) {
          out.push({ ...i, keyword: 'propertyNames', message: `property name ${i.message}` });
        }
      }
    }
    return out;
  }

  private checkCombinators(s: Obj, v: unknown, path: Array<string | number>): SchemaIssue[] {
    const out: SchemaIssue[] = [];
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) out.push(...this.check(sub, v, path));
    if (Array.isArray(s.anyOf)) {
      const results = (s.anyOf as Schema[]).map((sub) => this.check(sub, v, path));
      if (!results.some((r) => r.length === 0)) {
        out.push(...(results.sort((a, b) => a.length - b.length)[0] ?? []));
        out.push({ path, keyword: 'anyOf', message: 'must match one of the allowed shapes' });
      }
    }
    if (Array.isArray(s.oneOf)) {
      const passing = (s.oneOf as Schema[]).filter((sub) => this.check(sub, v, path).length === 0).length;
      if (passing !== 1)
        out.push({ path, keyword: 'oneOf', message: 'must match exactly one allowed shape' });
    }
    if (s.not !== undefined && this.check(s.not as Schema, v, path).length === 0) {
      out.push({ path, keyword: 'not', message: 'matches a forbidden shape' });
    }
    if (s.if !== undefined) {
      const branch = this.check(s.if as Schema, v, path).length === 0 ? s.then : s.else;
      if (branch !== undefined) out.push(...this.check(branch as Schema, v, path));
    }
    return out;
  }
}
