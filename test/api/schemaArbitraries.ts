import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of a served OpenAPI document, in the manner of schemathesis:
 * `validOf` draws values the schema accepts, `invalidOf` values it (usually) refuses — wrong types, missing or
 * unknown properties, out-of-range numbers, strings breaking a pattern or length. Whether a drawn value is
 * really invalid is decided afterwards by a JSON Schema validator, never assumed.
 */
export type JsonSchema = { [key: string]: unknown };

export type SchemaContext = {
  /** The whole OpenAPI document, to resolve "#/components/…" references. */
  root: JsonSchema;
  /** Values worth trying for a property of this name (existing sub-accounts, request ids…). */
  known?: Record<string, readonly unknown[]>;
};

export function resolve(schema: JsonSchema, ctx: SchemaContext): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (node, part) => (node as JsonSchema)[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      ctx.root,
    );
  return resolve(target as JsonSchema, ctx);
}

const anyJson = fc.jsonValue({ maxDepth: 2 });

export function validOf(input: JsonSchema, ctx: SchemaContext, name?: string): fc.Arbitrary<unknown> {
  const base = validOfSchema(resolve(input, ctx), ctx);
  const known = name === undefined ? undefined : ctx.known?.[name];
  return known && known.length > 0 ? fc.oneof(base, fc.constantFrom(...known)) : base;
}

function validOfSchema(s: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validOf(a, ctx)));
  if (Array.isArray(s.type))
    return fc.oneof(...(s.type as string[]).map((t) => validOfSchema({ ...s, type: t }, ctx)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: clamp(s.minimum, -1e6), max: clamp(s.maximum, 1e6) });
    case 'number':
      return fc.double({ min: clamp(s.minimum, -1e6), max: clamp(s.maximum, 1e6), noNaN: true });
    case 'string':
      return stringOf(s);
    case 'array':
      return fc.array(validOf((s.items ?? {}) as JsonSchema, ctx), { maxLength: 3 });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = (s.required ?? []) as string[];
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validOf(v, ctx, k)])), {
        requiredKeys: required,
      });
    }
    default:
      return anyJson;
  }
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  const maxLength = Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, Math.max(minLength, 40));
  if (s.format === 'date-time') {
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2035-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (s.format === 'uuid') return fc.uuid({ version: 4 });
  if (typeof s.pattern === 'string') {
    const most = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
    return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= minLength && v.length <= most);
  }
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
    fc.string({ unit: 'grapheme', minLength, maxLength }),
  );
}

/** Values that break the schema in one way; `wrongType` alone already guarantees invalidity for typed schemas. */
export function invalidOf(input: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const s = resolve(input, ctx);
  const options: fc.Arbitrary<unknown>[] = [wrongType(s), anyJson];
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type];
  if (types.includes('string')) {
    if (typeof s.maxLength === 'number')
      options.push(fc.string({ minLength: s.maxLength + 1, maxLength: s.maxLength + 20 }));
    if (typeof s.minLength === 'number' && s.minLength > 0) options.push(fc.constant(''));
    if (typeof s.pattern === 'string' || s.format) {
      options.push(
        fc.constantFrom(
          '1e3',
          '-5',
          '１００',
          '1,000',
          '0.001',
          'NaN',
          '\u200b5',
          '12.345',
          ' 5',
          'null',
          '💸',
          '9'.repeat(40),
        ),
      );
    }
  }
  if (types.includes('integer') || types.includes('number')) {
    if (typeof s.minimum === 'number') options.push(fc.constant(s.minimum - 1));
    if (typeof s.maximum === 'number') options.push(fc.constant(s.maximum + 1));
    options.push(fc.constantFrom(0.5, -1, 1e21));
  }
  if (Array.isArray(s.enum))
    options.push(fc.string({ minLength: 1, maxLength: 8 }).filter((v) => !(s.enum as unknown[]).includes(v)));
  if (types.includes('object')) {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    const required = (s.required ?? []) as string[];
    const valid = validOfSchema(s, ctx) as fc.Arbitrary<Record<string, unknown>>;
    if (required.length > 0) {
      options.push(fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => omit(v, k)));
    }
    if (s.additionalProperties === false) {
      options.push(
        fc
          .tuple(
            valid,
            fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !(k in props)),
          )
          .map(([v, k]) => ({ ...v, [k]: 1 })),
      );
    }
    const keys = Object.keys(props);
    if (keys.length > 0) {
      options.push(
        fc
          .constantFrom(...keys)
          .chain((k) => fc.tuple(valid, fc.constant(k), invalidOf(props[k]!, ctx)))
          .map(([v, k, bad]) => ({ ...v, [k]: bad })),
      );
    }
  }
  return fc.oneof(...options);
}

function wrongType(s: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = new Set(
    Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [],
  );
  if (allowed.size === 0) return anyJson;
  if (allowed.has('number')) allowed.add('integer');
  const pool: Array<[string, fc.Arbitrary<unknown>]> = [
    ['string', fc.string({ maxLength: 12 })],
    ['integer', fc.integer()],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.integer(), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 })],
  ];
  return fc.oneof(...pool.filter(([t]) => !allowed.has(t)).map(([, a]) => a));
}

function omit(v: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = v;
  return rest;
}

function clamp(bound: unknown, fallback: number): number {
  if (typeof bound !== 'number') return fallback;
  return Math.max(Math.min(bound, 1e6), -1e6);
}
