import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from './harness.js';
import { MoneyDecimal } from '../../src/domain/money.js';

/**
 * Why the ledger locks the row: the same two writers, forced into the worst interleaving on MariaDB
 * under REPEATABLE READ. With a plain SELECT (a snapshot read) the second writer overwrites the first's
 * update — the "broken variant" the concurrency tests must catch. With SELECT … FOR UPDATE, as
 * writeLedgerEntry does, the second read waits for the first commit and nothing is lost.
 */
describe.runIf(dbKinds().includes('mysql'))('read-then-write on MariaDB', () => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness('mysql')));
  afterAll(async () => h?.close());

  async function race(lock: '' | ' FOR UPDATE'): Promise<{ balance: string; secondReadWaited: boolean }> {
    const sub = await givenSubAccount(h.deps);
    const [t1, t2] = [h.deps.db.createQueryRunner(), h.deps.db.createQueryRunner()] as [
      QueryRunner,
      QueryRunner,
    ];
    const read = async (qr: QueryRunner) =>
      (
        (await qr.query(`SELECT balance FROM sub_accounts WHERE id = ?${lock}`, [sub.id])) as Array<{
          balance: string;
        }>
      )[0]!.balance;
    const write = (qr: QueryRunner, balance: string, add: number) =>
      qr.query('UPDATE sub_accounts SET balance = ? WHERE id = ?', [
        new MoneyDecimal(balance).plus(add).toFixed(6),
        sub.id,
      ]);
    try {
      await t1.startTransaction();
      await t2.startTransaction();
      const b1 = await read(t1);
      const issued = performance.now();
      // The first writer holds its transaction open 150 ms before writing and committing.
      const secondRead = read(t2).then((b) => ({ b, waited: performance.now() - issued >= 140 }));
      await new Promise((r) => setTimeout(r, 150));
      await write(t1, b1, 10);
      await t1.commitTransaction();
      const { b: b2, waited } = await secondRead;
      await write(t2, b2, 20);
      await t2.commitTransaction();
      const [row] = (await h.deps.db.query('SELECT balance FROM sub_accounts WHERE id = ?', [
        sub.id,
      ])) as Array<{ balance: string }>;
      return { balance: row!.balance, secondReadWaited: waited };
    } finally {
      await t1.release();
      await t2.release();
    }
  }

  it('a plain read loses the first update (10 + 20 ends as 20)', async () => {
    const r = await race('');
    expect(r.secondReadWaited).toBe(false);
    expect(r.balance).toBe('20.000000');
  });

  it('a locking read makes the second writer wait and keeps both (30)', async () => {
    const r = await race(' FOR UPDATE');
    expect(r.secondReadWaited).toBe(true);
    expect(r.balance).toBe('30.000000');
  });
});
