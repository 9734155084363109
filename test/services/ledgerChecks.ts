import { expect } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { chainProblems } from '../../src/domain/ledger.js';
import { sumMoney, type Money } from '../../src/domain/money.js';

/** L1 over the stored chain plus: the cached head equals the sum, and every request id appears once. */
export async function expectExactLedger(
  deps: Deps,
  subAccountId: string,
  expected: Money,
  requestIds: string[],
): Promise<void> {
  const { chain, sub } = await withReader(deps.db, async (m) => ({
    chain: await deps.repos.ledger.chain(m, subAccountId),
    sub: (await deps.repos.subAccounts.findById(m, subAccountId))!,
  }));
  expect(chainProblems(chain, sub.balance)).toEqual([]);
  expect(sumMoney(chain.map((e) => e.amount)).toString()).toBe(expected.toString());
  expect(sub.balance.toString()).toBe(expected.toString());
  expect(sub.lastSeq).toBe(chain.length);
  expect(chain.map((e) => e.requestId).sort()).toEqual([...requestIds].sort());
}
