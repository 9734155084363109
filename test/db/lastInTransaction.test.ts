import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, lastInTransaction, writeAlone } from '../../src/db/repos/transaction.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { openHarness, type Harness } from '../services/harness.js';

describe.each(dbKinds())('lastInTransaction on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  const marks = (seen: string[]) => seen.flatMap((q) => /AS (mark_\w+)/.exec(q)?.[1] ?? []);
  const mark = (name: string) => async (tx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    await tx.query(`SELECT 1 AS ${name}`);
  };

  it("runs the steps after the callback's statements, once per key, in the order of their keys", async () => {
    const seen = recordStatements(h.deps.db);
    await inTransaction(h.deps.db, async (tx) => {
      await lastInTransaction(tx, 'b', mark('mark_b'));
      await tx.query('SELECT 1 AS mark_body_1');
      await lastInTransaction(tx, 'a', mark('mark_a'));
      await lastInTransaction(tx, 'b', mark('mark_b_again'));
      await tx.query('SELECT 1 AS mark_body_2');
    });
    expect(marks(seen)).toEqual(['mark_body_1', 'mark_body_2', 'mark_a', 'mark_b']);
  });

  it('runs no step of a callback that fails, and the next transaction starts with none', async () => {
    const seen = recordStatements(h.deps.db);
    await expect(
      inTransaction(h.deps.db, async (tx) => {
        await lastInTransaction(tx, 'a', mark('mark_refused'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await inTransaction(h.deps.db, (tx) => tx.query('SELECT 1 AS mark_next'));
    expect(marks(seen)).toEqual(['mark_next']);
  });

  it('runs the step at once outside a transaction (an autocommit write)', async () => {
    const seen = recordStatements(h.deps.db);
    await writeAlone(h.deps.db, async (m) => {
      await lastInTransaction(m, 'a', mark('mark_alone'));
      await m.query('SELECT 1 AS mark_after');
    });
    // On SQLite writeAlone is a transaction: the step then comes last there too.
    expect(marks(seen)).toEqual(
      kind === 'mysql' ? ['mark_alone', 'mark_after'] : ['mark_after', 'mark_alone'],
    );
  });
});
