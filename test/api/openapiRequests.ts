import fc from 'fast-check';
import { invalidOf, resolve, validOf, type JsonSchema, type SchemaContext } from './schemaArbitraries.js';
import type { ApiHarness } from './support.js';

/** The operations of a served OpenAPI document and random requests to them, schemathesis-style. */
export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
};
export type Operation = {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: JsonSchema;
  responses: Record<string, JsonSchema>;
};
export type KeyChoice = 'full' | 'read' | 'request' | 'none' | 'revoked' | 'garbage';
export type Drawn = {
  op: Operation;
  keyChoice: KeyChoice;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: { value: unknown } | undefined;
};

export function operations(doc: JsonSchema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const ctx = { root: doc };
      const responses: Record<string, JsonSchema> = {};
      for (const [status, r] of Object.entries(op.responses as Record<string, JsonSchema>)) {
        const content = resolve(r, ctx).content as Record<string, { schema: JsonSchema }>;
        responses[status] = Object.values(content)[0]!.schema;
      }
      const body = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        parameters: (op.parameters ?? []) as Parameter[],
        body,
        responses,
      });
    }
  }
  return out;
}

export function drawRequest(op: Operation, ctx: SchemaContext): fc.Arbitrary<Drawn> {
  const value = (p: Parameter) =>
    fc.oneof(
      { weight: 4, arbitrary: validOf(p.schema, ctx, p.name) },
      { weight: 1, arbitrary: invalidOf(p.schema, ctx) },
    );
  const byIn = (where: Parameter['in']) => op.parameters.filter((p) => p.in === where);
  const optional = (p: Parameter) =>
    p.required ? value(p) : fc.option(value(p), { nil: undefined, freq: 2 });
  const record = (ps: Parameter[]) => fc.record(Object.fromEntries(ps.map((p) => [p.name, optional(p)])));
  const stray = fc.option(
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 1 }),
    { freq: 8, nil: {} },
  );
  const body = op.body
    ? fc
        .oneof(
          { weight: 3, arbitrary: validOf(op.body, ctx) },
          { weight: 2, arbitrary: invalidOf(op.body, ctx) },
        )
        .map((v) => ({ value: v }))
    : fc.constant(undefined);
  const headerValue = (p: Parameter) =>
    fc.option(
      fc.oneof(
        fc.constantFrom(...((ctx.known?.[p.name] as string[] | undefined) ?? ['h'])),
        fc.string({ maxLength: 140 }),
      ),
      { nil: undefined },
    );
  return fc.record({
    op: fc.constant(op),
    keyChoice: fc.constantFrom<KeyChoice>(
      'full',
      'full',
      'full',
      'full',
      'full',
      'read',
      'request',
      'none',
      'revoked',
      'garbage',
    ),
    params: record(byIn('path')),
    query: fc.tuple(record(byIn('query')), stray).map(([q, extra]) => ({ ...extra, ...q })),
    headers: fc
      .record(Object.fromEntries(byIn('header').map((p) => [p.name, headerValue(p)])))
      .map((hs) =>
        Object.fromEntries(
          Object.entries(hs).filter(
            (e): e is [string, string] => typeof e[1] === 'string' && /^[\x20-\x7e]*$/.test(e[1]),
          ),
        ),
      ),
    body,
  });
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export async function send(h: ApiHarness, d: Drawn, keys: Partial<Record<KeyChoice, string>>) {
  const path = d.op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(text(d.params[name])),
  );
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(d.query)) if (v !== undefined) qs.append(k, text(v));
  const search = qs.toString();
  return h.call(`${path}${search ? `?${search}` : ''}`, {
    method: d.op.method,
    key: keys[d.keyChoice],
    headers: d.headers,
    json: d.body?.value,
  });
}
