import { describe, expect, it } from 'vitest';
import { card, header, markdown } from '../../cards/lib/builders.js';
import { form, input } from '../../cards/lib/interactive.js';
import { table } from '../../cards/lib/table.js';
import type { CardElement, CardJson } from '../../cards/lib/types.js';
import { checkCard } from './support/cardValidator.js';

const withElements = (elements: CardElement[]): CardJson => card({ header: header('t', 'blue'), elements });

/** The card checks must be able to fail, or the "every card validates" tests prove nothing. */
describe('the card validator refuses what Feishu refuses', () => {
  it('accepts a plain card', () => {
    expect(checkCard(withElements([markdown('hi')])).problems).toEqual([]);
  });

  it.each<[string, CardJson]>([
    ['a 1.0 note', withElements([{ tag: 'note', elements: [] }])],
    [
      'a table inside a column',
      withElements([
        {
          tag: 'column_set',
          columns: [{ tag: 'column', elements: [table([{ name: 'a', label: 'A' }], [])] }],
        },
      ]),
    ],
    ['a form without a submit button', withElements([form('f', [input('x', { label: 'x' })])])],
    [
      'duplicate component names',
      withElements([
        form('f', [
          input('x', { label: 'x' }),
          input('x', { label: 'y' }),
          { tag: 'button', name: 's', text: { tag: 'plain_text', content: 's' }, form_action_type: 'submit' },
        ]),
      ]),
    ],
    ['a bad element_id', withElements([{ tag: 'markdown', content: 'x', element_id: '1bad' }])],
    [
      'an undeclared table row key',
      withElements([{ ...table([{ name: 'a', label: 'A' }], []), rows: [{ b: 'x' }] }]),
    ],
    ['update_multi false', { ...withElements([]), config: { update_multi: false } } as unknown as CardJson],
    ['more than 200 components', withElements(Array.from({ length: 201 }, () => markdown('x')))],
    ['more than 30 KB', withElements(Array.from({ length: 40 }, () => markdown('x'.repeat(1000))))],
    ['a leftover placeholder', withElements([markdown('Hello {name}')])],
  ])('refuses %s', (_what, c) => {
    expect(checkCard(c).problems.length).toBeGreaterThan(0);
  });
});
