import { describe, expect, it } from 'vitest';
import { escapeMd, header } from '../../cards/lib/builders.js';
import { paginate } from '../../cards/lib/paging.js';

describe('escapeMd', () => {
  it.each([
    ['alice', 'alice'],
    ['ml_team-01', 'ml_team-01'],
    ['_x_', '&#95;x&#95;'],
    ['**bold** ~~s~~', '&#42;&#42;bold&#42;&#42; &#126;&#126;s&#126;&#126;'],
    ['<at id=all></at>', '&lt;at id=all&gt;&lt;/at&gt;'],
    ['[link](http://x)', '&#91;link&#93;(http://x)'],
    ['`code` | a\\b', '&#96;code&#96; &#124; a&#92;b'],
    ['- item', '&#45; item'],
    ['# title', '&#35; title'],
    ['1. one', '1&#46; one'],
    ['a & b', 'a &amp; b'],
    ['two\nlines', 'two lines'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMd(input)).toBe(expected);
  });
});

describe('header', () => {
  it('keeps at most three tags, in tag colours Feishu knows', () => {
    const h = header('t', 'grey', {
      tags: [
        { text: 'a', color: 'grey' },
        { text: 'b', color: 'red' },
        { text: 'c', color: 'default' },
        { text: 'd', color: 'blue' },
      ],
    });
    expect(h.text_tag_list?.map((t) => [t.text.content, t.color])).toEqual([
      ['a', 'neutral'],
      ['b', 'red'],
      ['c', 'neutral'],
    ]);
  });
});

describe('paginate', () => {
  it('clamps the page and reports where the items sit', () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    expect(paginate(items, 3, 20)).toMatchObject({
      page: 3,
      pageCount: 3,
      total: 45,
      first: 40,
      items: [40, 41, 42, 43, 44],
    });
    expect(paginate(items, 0, 20).page).toBe(1);
    expect(paginate(items, 99, 20).page).toBe(3);
    expect(paginate([], 5, 20)).toMatchObject({ page: 1, pageCount: 1, items: [] });
  });
});
