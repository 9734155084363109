import { setImmediate as nextTurn } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { QUOTA_EXHAUSTED_REASON } from '../../src/domain/quota.js';
import type { Actor } from '../../src/policies/actor.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { deductQuota } from '../../src/services/quota/deductQuota.js';
import { DeductionTooLargeError } from '../../src/services/quota/errors.js';
import type { LedgerWriteResult } from '../../src/services/quota/writeLedgerEntry.js';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from './harness.js';

const actors: Actor[] = [
  { kind: 'feishu', openId: 'ou_p1', roles: ['approver'] },
  { kind: 'apiKey', keyId: 'key-1', name: 'crm', scopes: ['allocate'] },
];

type Op = { kind: 'allocate' | 'deduct'; cents: number; rid: number; actor: number; waitBefore: boolean };
// Few request ids and amounts that often repeat: replays and conflicts inside one batch are common.
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('allocate' as const, 'deduct' as const),
  cents: fc.oneof(fc.constantFrom(100, 250, 1000), fc.integer({ min: 1, max: 6000 })),
  rid: fc.integer({ min: 0, max: 11 }),
  actor: fc.integer({ min: 0, max: 1 }),
  waitBefore: fc.boolean(),
});
const scenario = fc.record({
  startCents: fc.integer({ min: 0, max: 20_000 }),
  spentCents: fc.integer({ min: 0, max: 20_000 }),
  disabledForQuota: fc.boolean(),
  ops: fc.array(op, { minLength: 1, maxLength: 40 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Settled at once, so a refusal that comes while later writes are still being issued is not unhandled. */
const settle = <T>(p: Promise<T>): Promise<PromiseSettledResult<T>> =>
  p.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );

const yuan = (cents: number) => money(String(cents)).div(100);

/** What a caller can see of one outcome (ids differ between the two sub-accounts; seq and sums do not). */
function seen(o: PromiseSettledResult<LedgerWriteResult>) {
  if (o.status === 'rejected') {
    const e = o.reason as Error;
    return {
      error: e.constructor.name,
      message: e.message,
      max: e instanceof DeductionTooLargeError ? e.maxDeductible.toString() : null,
    };
  }
  const { entry, subAccount: s, quota, replayed, reenableRequested } = o.value;
  return {
    replayed,
    reenableRequested,
    entry: [
      entry.seq,
      entry.amount.toString(),
      entry.balanceAfter.toString(),
      entry.requestId,
      entry.operator,
    ],
    quota: [quota.quota, quota.spent, quota.remaining, quota.percent]
      .map(String)
      .concat(String(quota.exhausted)),
    sub: [s.balance.toString(), s.lastSeq, s.version, s.alertEpoch, s.alertedStep, s.earlyWarned],
    reenableAt: s.reenableRequestedAt?.toISOString() ?? null,
  };
}

describe.each(dbKinds())('batched ledger writes on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  async function given(s: Scenario) {
    const sub = await givenSubAccount(h.deps, { projects: { p: yuan(s.spentCents).toFixed(2) } });
    if (s.startCents > 0) {
      // Request id 0 is already in the ledger: a write reusing it is a replay or a conflict.
      await allocateQuota(h.deps, {
        actor: actors[0]!,
        subAccountId: sub.id,
        amount: yuan(s.startCents),
        note: '',
        requestId: 'rid-0',
      });
    }
    if (s.disabledForQuota) {
      await withReader(h.deps.db, (m) =>
        h.deps.repos.subAccounts.update(
          m,
          sub.id,
          { status: 'disabled', disabledReason: QUOTA_EXHAUSTED_REASON, disabledAt: h.clock.now() },
          h.clock.now(),
        ),
      );
    }
    return sub.id;
  }

  const call = (subAccountId: string, o: Op) =>
    (o.kind === 'allocate' ? allocateQuota : deductQuota)(h.deps, {
      actor: actors[o.actor]!,
      subAccountId,
      amount: yuan(o.cents),
      note: `n${o.rid}`,
      requestId: `rid-${o.rid}`,
    });

  async function stored(subAccountId: string) {
    const { chain, sub } = await withReader(h.deps.db, async (m) => ({
      chain: await h.deps.repos.ledger.chain(m, subAccountId),
      sub: (await h.deps.repos.subAccounts.findById(m, subAccountId))!,
    }));
    const audit = await listAudit(h.deps, { targetType: 'sub_account', targetId: subAccountId, limit: 500 });
    return {
      chain: chain.map((e) => [
        e.seq,
        e.amount.toString(),
        e.balanceAfter.toString(),
        e.requestId,
        e.operator,
        e.source,
        e.note,
      ]),
      sub: [
        sub.balance.toString(),
        sub.lastSeq,
        sub.version,
        sub.alertEpoch,
        sub.alertedStep,
        sub.earlyWarned,
      ],
      reenableAt: sub.reenableRequestedAt?.toISOString() ?? null,
      audit: audit.map((a) => {
        const { entryId: _entryId, ...after } = a.after as Record<string, unknown>;
        return [a.actor, a.action, a.requestId, a.before, after];
      }),
    };
  }

  it('every caller gets what the same writes made one after the other would give, and the same rows are stored', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const sequential = await given(s);
        const one: Array<PromiseSettledResult<LedgerWriteResult>> = [];
        for (const o of s.ops) one.push(await settle(call(sequential, o)));

        // The same writes, issued in the same order without waiting for each other; some arrive while a
        // batch is running and form the next one.
        const batched = await given(s);
        const pending: Array<Promise<PromiseSettledResult<LedgerWriteResult>>> = [];
        for (const o of s.ops) {
          if (o.waitBefore) await nextTurn();
          pending.push(settle(call(batched, o)));
        }
        const together = await Promise.all(pending);

        expect(together.map(seen)).toEqual(one.map(seen));
        expect(await stored(batched)).toEqual(await stored(sequential));
      }),
      { numRuns: kind === 'mysql' ? 15 : 60 },
    );
  });
});
