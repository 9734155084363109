import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendingLayersRepo, type EstimateRow } from '../../src/db/repos/spendingLayers.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { dbKinds } from '../support/databases.js';
import { openHarness, type Harness } from '../services/harness.js';

/** The watch cycle drops an account's estimates some days after their day closed (freshLayer.ts). */
describe.each(dbKinds())("pruning one main account's old estimates on %s", (kind) => {
  let h: Harness;
  // b's rows sort just before a's in the tables' keys: a range delete of a's keys locked the gap b's next
  // row goes into.
  const [a, b] = [`b${randomUUID().slice(1)}`, `a${randomUUID().slice(1)}`];
  const row = (accountId: string, day: string, model = 'm'): EstimateRow => ({
    accountId,
    projectName: 'web',
    day,
    model,
    estimated: money('1'),
    arkFinal: money('0'),
    usageAsOf: h.clock.now(),
    billedSpan: money('0'),
  });
  const daysOf = async (accountId: string) =>
    (
      await withReader(h.deps.db, (m) =>
        spendingLayersRepo.listEstimates(m, { accountId, sinceDay: '2026-01-01', untilDay: '2026-12-31' }),
      )
    ).map((e) => e.day);

  beforeAll(async () => {
    h = await openHarness(kind);
    await inTransaction(h.deps.db, (tx) =>
      spendingLayersRepo.upsertEstimates(
        tx,
        [a, b].flatMap((id) => [row(id, '2026-04-01'), row(id, '2026-04-30')]),
        h.clock.now(),
      ),
    );
  });
  afterAll(async () => h?.close());

  it("drops that account's days before the given one and keeps the other accounts' rows", async () => {
    await inTransaction(h.deps.db, (tx) => spendingLayersRepo.pruneEstimates(tx, a, '2026-04-20'));
    expect(await daysOf(a)).toEqual(['2026-04-30']);
    expect(await daysOf(b)).toEqual(['2026-04-01', '2026-04-30']);
  });

  it.runIf(kind === 'mysql')(
    "holds no other account's writer while one account's cycle prunes (its transaction still open)",
    async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let pruned!: () => void;
      const prunedInCycle = new Promise<void>((r) => (pruned = r));
      const cycle = inTransaction(h.deps.db, async (tx) => {
        await spendingLayersRepo.pruneEstimates(tx, a, '2026-04-25');
        pruned();
        await held;
      });
      await prunedInCycle;
      const other = h.deps.db.createQueryRunner();
      try {
        await other.connect();
        await other.query('SET SESSION innodb_lock_wait_timeout = 1');
        // Another account's cycle stores its estimate meanwhile (autocommit on its own connection).
        await spendingLayersRepo.upsertEstimates(other.manager, [row(b, '2026-05-01')], h.clock.now());
      } finally {
        release();
        await cycle;
        await other.release();
      }
      expect(await daysOf(b)).toContain('2026-05-01');
    },
  );
});
