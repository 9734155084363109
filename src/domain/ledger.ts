import { ZERO, type Money } from './money.js';

/** Where a ledger entry came from. */
export const LEDGER_SOURCES = ['chat', 'card', 'cli', 'api', 'system'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

export type ChainHead = { lastSeq: number; balance: Money };

/** The next link of a sub-account's chain: seq + 1 and the balance after the signed amount. */
export function nextLink(head: ChainHead, amount: Money): { seq: number; balanceAfter: Money } {
  return { seq: head.lastSeq + 1, balanceAfter: head.balance.plus(amount) };
}

export type ChainEntry = { seq: number; amount: Money; balanceAfter: Money };

/**
 * Checks invariant L1 over one sub-account's entries in seq order: seq 1..n without gap or duplicate and
 * balanceAfter[i] = balanceAfter[i-1] + amount[i]. Returns the problems found (empty when consistent).
 */
export function chainProblems(entries: readonly ChainEntry[], cachedBalance?: Money): string[] {
  const problems: string[] = [];
  let balance = ZERO;
  entries.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`entry ${i + 1} has seq ${e.seq}`);
    balance = balance.plus(e.amount);
    if (!balance.eq(e.balanceAfter)) {
      problems.push(`seq ${e.seq}: balance after ${e.balanceAfter.toString()} ≠ ${balance.toString()}`);
    }
  });
  if (cachedBalance !== undefined && !cachedBalance.eq(balance)) {
    problems.push(`cached balance ${cachedBalance.toString()} ≠ ledger ${balance.toString()}`);
  }
  return problems;
}
