import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardError, validateCard } from '../../../src/sim/feishu/cardValidation.js';
import { SchemaValidator, type Schema } from '../../../src/sim/feishu/jsonSchema.js';
import { button, simpleCard } from './support.js';

const schema = JSON.parse(
  readFileSync(new URL('../../fixtures/feishu-card-v2.schema.json', import.meta.url), 'utf8'),
) as Schema;
const shippedCopy = JSON.parse(
  readFileSync(new URL('../../../src/sim/feishu/cardSchema.json', import.meta.url), 'utf8'),
) as Schema;

const form = (elements: unknown[]) => ({ tag: 'form', name: 'f1', elements });
const submit = {
  tag: 'button',
  name: 'go',
  text: { tag: 'plain_text', content: 'Go' },
  form_action_type: 'submit',
};
const input = { tag: 'input', name: 'reason', placeholder: { tag: 'plain_text', content: 'why' } };
const table = (rows: unknown[]) => ({
  tag: 'table',
  columns: [
    { name: 'account', display_name: 'Account', data_type: 'text' },
    { name: 'spent', display_name: 'Spent', data_type: 'number' },
  ],
  rows,
});
const card = (elements: unknown[]) => ({ ...simpleCard('T'), body: { elements } });
const verdict = (c: unknown) => {
  const r = validateCard(c);
  return r.ok ? 'ok' : `${r.problem.sub} ${cardError(c, r.problem).msg}`;
};

describe('card JSON 2.0 validation (what Feishu refuses with 230099)', () => {
  it('ships the same schema the tests use', () => {
    expect(shippedCopy).toEqual(schema);
  });

  it.each([
    ['a header and markdown', simpleCard('Quota alert')],
    [
      'buttons with callback values',
      card([
        button('Approve', { a: 'quota.approve', v: 1 }),
        button('Reject', { a: 'quota.reject', v: 1 }, 'danger'),
      ]),
    ],
    ['a form with an input and a submit button', card([form([input, submit])])],
    ['a table with matching rows', card([table([{ account: 'dev-1', spent: 12.5 }])])],
    [
      'columns',
      card([
        { tag: 'column_set', columns: [{ tag: 'column', elements: [{ tag: 'markdown', content: 'a' }] }] },
      ]),
    ],
  ])('accepts %s', (_name, c) => {
    expect(verdict(c)).toBe('ok');
  });

  it.each([
    [
      'a 1.0 card (no schema)',
      { header: simpleCard('x').header, elements: [] },
      /^200621 .*ErrPath: ROOT -> schema/,
    ],
    [
      'the 1.0 note tag',
      card([{ tag: 'note', elements: [] }]),
      /^200861 .*ErrPath: ROOT -> body -> elements -> \[0\]\(tag: note\)/,
    ],
    ['the 1.0 action module', card([{ tag: 'action', actions: [] }]), /^200861 /],
    [
      'an unknown tag',
      card([{ tag: 'fancy_box' }]),
      /^200621 .*ROOT -> body -> elements -> \[0\]\(tag: fancy_box\)/,
    ],
    [
      'markdown without content',
      card([{ tag: 'markdown' }]),
      /^200621 .*missing required property "content"/,
    ],
    [
      'update_multi false',
      { ...simpleCard('x'), config: { update_multi: false } },
      /^200621 .*ROOT -> config -> update_multi/,
    ],
    [
      'an unknown top-level key',
      { ...simpleCard('x'), i18n_elements: {} },
      /^200621 .*unknown property "i18n_elements"/,
    ],
    ['a form without a submit button', card([form([input])]), /^200621 .*needs a submit button/],
    [
      'a table inside a column',
      card([{ tag: 'column_set', columns: [{ tag: 'column', elements: [table([])] }] }]),
      /^200621 /,
    ],
    [
      'a duplicate element_id',
      card([
        { tag: 'hr', element_id: 'a1' },
        { tag: 'hr', element_id: 'a1' },
      ]),
      /^200621 .*not unique/,
    ],
    ['a row key that is not a column', card([table([{ account: 'x', cost: 1 }])]), /^200915 /],
    ['a text cell in a number column', card([table([{ account: 'x', spent: '12' }])]), /^200914 /],
    [
      'more than 200 components',
      card(Array.from({ length: 201 }, () => ({ tag: 'hr' }))),
      /^11310 .*element exceeds the limit/,
    ],
    ['six tables', card(Array.from({ length: 6 }, () => table([]))), /^11310 /],
    [
      'a button label over 100 characters',
      card([button('x'.repeat(101), { a: 1 })]),
      /^200621 .*≤ 100 characters/,
    ],
    [
      'a callback without value',
      card([{ tag: 'button', text: { tag: 'plain_text', content: 'x' }, behaviors: [{ type: 'callback' }] }]),
      /^200621 /,
    ],
  ])('refuses %s', (_name, c, expected) => {
    expect(verdict(c)).toMatch(expected);
  });

  it('agrees with ajv on the schema verdict for generated cards', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    const oracle = ajv.compile(schema as object);
    const ours = new SchemaValidator(schema);
    const text = fc.record({
      tag: fc.constantFrom('plain_text', 'lark_md', 'markdown', 'bogus'),
      content: fc.string({ maxLength: 3 }),
    });
    const value = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.integer({ min: -1, max: 12 }),
      fc.boolean(),
      text,
      fc.constant(null),
    );
    const keys = [
      'content',
      'name',
      'text',
      'type',
      'size',
      'width',
      'element_id',
      'placeholder',
      'options',
      'img_key',
      'weight',
      'page_size',
      'form_action_type',
      'required',
    ];
    const { element } = fc.letrec((tie) => ({
      element: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('container')),
      leaf: fc
        .record({
          tag: fc.constantFrom(
            'markdown',
            'div',
            'hr',
            'button',
            'img',
            'input',
            'select_static',
            'chart',
            'person',
            'bogus',
            'note',
          ),
          extra: fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 }),
          behaviors: fc.option(
            fc.array(
              fc.record({
                type: fc.constantFrom('callback', 'open_url', 'x'),
                value: fc.option(fc.object({ maxDepth: 1 }), { nil: undefined }),
              }),
              { maxLength: 2 },
            ),
            { nil: undefined },
          ),
        })
        .map(({ tag, extra, behaviors }) => ({ tag, ...extra, ...(behaviors ? { behaviors } : {}) })),
      container: fc
        .record({
          tag: fc.constantFrom('form', 'collapsible_panel', 'interactive_container', 'column_set', 'table'),
          name: fc.option(fc.string({ maxLength: 2 }), { nil: undefined }),
          elements: fc.array(tie('element'), { maxLength: 3 }),
        })
        .map(({ tag, name, elements }) =>
          tag === 'column_set'
            ? { tag, columns: [{ tag: 'column', elements }] }
            : tag === 'table'
              ? { tag, columns: [{ name: 'a', data_type: 'text' }], rows: [] }
              : {
                  tag,
                  ...(name === undefined ? {} : { name }),
                  elements,
                  ...(tag === 'collapsible_panel' ? { header: { title: text } } : {}),
                },
        ),
    }));
    const cards = fc
      .record({
        schema: fc.constantFrom('2.0', '2.0', '1.0'),
        config: fc.option(
          fc.record({ update_multi: fc.boolean(), width_mode: fc.constantFrom('default', 'fill', 'huge') }),
          { nil: undefined },
        ),
        header: fc.option(fc.record({ title: text, template: fc.constantFrom('blue', 'red', 'pink') }), {
          nil: undefined,
        }),
        body: fc.record({ elements: fc.array(element, { maxLength: 4 }) }),
      })
      .map((c) => JSON.parse(JSON.stringify(c)) as unknown);
    let accepted = 0;
    fc.assert(
      fc.property(cards, (c) => {
        const expected = oracle(c);
        if (expected) accepted += 1;
        expect(ours.validate(c).length === 0).toBe(expected);
        // The short-circuiting verdict validateCard asks first agrees too.
        expect(ours.isValid(c)).toBe(expected);
      }),
      { numRuns: 600, seed: 20240611 },
    );
    // The generator must exercise both verdicts, or the comparison proves little.
    expect(accepted).toBeGreaterThan(20);
  });

  it("gives ajv's verdict on every keyword it supports, with and without its issues", () => {
    // The card schema uses some keywords rarely (not, an object for additionalProperties): this one uses
    // each of them, so both verdicts are held to ajv's on all of them.
    const all: Schema = {
      $defs: { short: { type: 'string', minLength: 1, maxLength: 3 } },
      type: 'object',
      required: ['k'],
      properties: {
        k: { enum: ['a', 'b', 1] },
        n: { type: 'integer', minimum: 0, maximum: 5 },
        s: { $ref: '#/$defs/short' },
        p: { type: 'string', pattern: '^x+$' },
        list: { type: 'array', minItems: 1, maxItems: 2, items: { type: ['number', 'null'] } },
        one: { oneOf: [{ type: 'number' }, { type: 'integer' }, { const: 'one' }] },
        any: { anyOf: [{ type: 'boolean' }, { const: 0 }] },
        all: { allOf: [{ type: 'number' }, { not: { const: 3 } }] },
        cond: { if: { type: 'string' }, then: { minLength: 2 }, else: { type: 'number' } },
        map: {
          type: 'object',
          propertyNames: { pattern: '^[a-z]$' },
          additionalProperties: { type: 'boolean' },
        },
      },
      additionalProperties: { type: ['string', 'boolean'] },
    };
    const oracle = new Ajv2020({ strict: false, allErrors: false }).compile(all as object);
    const ours = new SchemaValidator(all);
    const leaf = fc.oneof(
      fc.constantFrom('a', 'b', 'x', 'xx', 'one', '', 'abcd', 'é', 0, 1, 3, 2.5, -1, 6, true, null),
      fc.string({ maxLength: 4 }),
    );
    const value = fc.oneof(
      leaf,
      fc.array(leaf, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 2 }), leaf, { maxKeys: 2 }),
    );
    const keys = ['k', 'n', 's', 'p', 'list', 'one', 'any', 'all', 'cond', 'map', 'z', 'Q'];
    // Cases the generator reaches seldom, each on one keyword.
    const cases: Array<[unknown, boolean]> = [
      [{ k: 'a', one: 2.5 }, true],
      [{ k: 'a', one: 1 }, false], // a number and an integer: two shapes of a oneOf
      [{ k: 'a', map: { a: true } }, true],
      [{ k: 'a', map: { ab: true } }, false], // propertyNames
      [{ k: 'a', map: { a: 1 } }, false], // additionalProperties as a schema
      [{ k: 'a', all: 2 }, true],
      [{ k: 'a', all: 3 }, false], // not
      [{ k: 'a', z: 'q' }, true],
      [{ k: 'a', z: 1 }, false],
      [{ k: 'a', cond: 'ab' }, true],
      [{ k: 'a', cond: 'a' }, false], // if → then
      [{ k: 'a', cond: true }, false], // if → else
    ];
    for (const [v, expected] of cases) {
      expect(oracle(v), JSON.stringify(v)).toBe(expected);
      expect(ours.isValid(v), JSON.stringify(v)).toBe(expected);
      expect(ours.validate(v).length === 0, JSON.stringify(v)).toBe(expected);
    }
    let accepted = 0;
    fc.assert(
      fc.property(
        // Mostly with the required key (an object without it fails at once), sometimes without.
        fc
          .tuple(
            fc.constantFrom('a', 'b', 1, 'c'),
            fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 3 }),
            fc.boolean(),
          )
          .map(([k, rest, keep]) => (keep ? { ...rest, k } : rest)),
        (v) => {
          const expected = oracle(v);
          if (expected) accepted += 1;
          expect(ours.isValid(v)).toBe(expected);
          expect(ours.validate(v).length === 0).toBe(expected);
        },
      ),
      { numRuns: 3000, seed: 20261207 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
