import { describe, expect, it } from 'vitest';
import { historyCard, HISTORY_PAGE_SIZE } from '../../cards/history.js';
import { CARD_LIMIT_BYTES } from '../../cards/lib/size.js';
import { parseActionValue } from '../../cards/lib/values.js';
import { userListCard, USER_PAGE_SIZE } from '../../cards/userList.js';
import type { CardJson } from '../../cards/lib/types.js';
import { callbackValues, checkCard } from './support/cardValidator.js';
import { alice, manyEntries, manyUsers } from './support/views.js';

type Row = Record<string, string>;
const tableRows = (card: CardJson): Row[] =>
  (card.body.elements.find((e) => e.tag === 'table')?.rows as Row[]) ?? [];
const pageButtons = (card: CardJson) =>
  callbackValues(card)
    .map(parseActionValue)
    .filter((v) => v && (v.a === 'users.page' || v.a === 'user.history'))
    .map((v) => (v as { page: number }).page);

describe.each(['zh', 'en'] as const)('long lists page instead of being cut (%s)', (locale) => {
  it('200 sub-accounts: every page is sendable, and the pages together list every sub-account once', () => {
    const users = manyUsers(200);
    const seen: string[] = [];
    let page = 1;
    let largest = 0;
    for (let guard = 0; guard < 50; guard++) {
      const card = userListCard({ rows: users, page }, locale);
      const report = checkCard(card);
      expect(report.problems).toEqual([]);
      largest = Math.max(largest, report.requestBytes);
      seen.push(...tableRows(card).map((r) => r.name!));
      const next = pageButtons(card).filter((p) => p > page);
      if (next.length === 0) break;
      page = next[0]!;
    }
    expect(seen).toEqual(users.map((u) => u.name));
    expect(page).toBe(Math.ceil(200 / USER_PAGE_SIZE));
    expect(largest).toBeLessThan(CARD_LIMIT_BYTES);
  });

  it('200 ledger entries: every page is sendable and every entry appears once, newest first', () => {
    const entries = manyEntries(200);
    const seqs: string[] = [];
    for (let page = 1; page <= Math.ceil(200 / HISTORY_PAGE_SIZE); page++) {
      const card = historyCard({ sub: alice, entries, page }, locale);
      expect(checkCard(card).problems).toEqual([]);
      seqs.push(...tableRows(card).map((r) => r.seq!));
    }
    expect(seqs).toEqual(entries.map((e) => String(e.seq)));
  });

  it('a page past the end shows the last page; the first page has no "previous"', () => {
    const users = manyUsers(45);
    const last = userListCard({ rows: users, page: 99 }, locale);
    expect(tableRows(last).map((r) => r.name)).toEqual(users.slice(40).map((u) => u.name));
    expect(pageButtons(last)).toEqual([2]);
    expect(pageButtons(userListCard({ rows: users, page: 1 }, locale))).toEqual([2]);
  });
});
