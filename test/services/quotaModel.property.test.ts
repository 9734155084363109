import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { chainProblems } from '../../src/domain/ledger.js';
import { money, type Money } from '../../src/domain/money.js';
import { highestReached } from '../../src/domain/thresholds.js';
import type { Actor } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { deductQuota } from '../../src/services/quota/deductQuota.js';
import { DeductionTooLargeError } from '../../src/services/quota/errors.js';
import { getQuota } from '../../src/services/quota/getQuota.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { dbKinds } from '../support/databases.js';
import { givenSpend, givenSubAccount, openHarness, type Harness } from './harness.js';

const approverA: Actor = { kind: 'feishu', openId: 'ou_a', roles: ['approver'] };
const approverB: Actor = { kind: 'feishu', openId: 'ou_b', roles: ['approver'] };
const lead: Actor = { kind: 'feishu', openId: 'ou_lead', roles: ['lead'] };

const cents = fc.integer({ min: 1, max: 50_000 });
type Cmd =
  | { t: 'allocate'; c: number }
  | { t: 'deduct'; c: number }
  | { t: 'spend'; c: number }
  | { t: 'redeliver'; pick: number }
  | { t: 'requestApprovedTwice'; c: number };
const command: fc.Arbitrary<Cmd> = fc.oneof(
  cents.map((c) => ({ t: 'allocate' as const, c })),
  cents.map((c) => ({ t: 'deduct' as const, c })),
  fc.integer({ min: 0, max: 30_000 }).map((c) => ({ t: 'spend' as const, c })),
  fc.nat().map((pick) => ({ t: 'redeliver' as const, pick })),
  cents.map((c) => ({ t: 'requestApprovedTwice' as const, c })),
);

const yuan = (c: number): Money => money(String(c)).div(100);

describe.each(dbKinds())('quota model on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it('remaining = Σ allocations − spent after every step, and no deduction takes it below zero', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: kind === 'mysql' ? 15 : 30 }),
        async (cmds) => {
          const sub = await givenSubAccount(h.deps, { projects: { p: '0' } });
          const model = { balance: money('0'), spent: money('0'), entries: 0, epoch: 0 };
          const written: Array<{ id: string; kind: 'allocate' | 'deduct'; amount: Money }> = [];
          let n = 0;
          run++;
          for (const cmd of cmds) {
            const requestId = `r${run}-${n++}`;
            const base = { actor: approverA, subAccountId: sub.id, note: '', requestId };
            if (cmd.t === 'allocate') {
              await allocateQuota(h.deps, { ...base, amount: yuan(cmd.c) });
              model.balance = model.balance.plus(yuan(cmd.c));
              model.entries++;
              model.epoch++;
              written.push({ id: requestId, kind: 'allocate', amount: yuan(cmd.c) });
            } else if (cmd.t === 'deduct') {
              const room = model.balance.minus(model.spent);
              const fits = yuan(cmd.c).lte(room);
              const r = await deductQuota(h.deps, { ...base, amount: yuan(cmd.c) }).catch((e: unknown) => e);
              if (fits) {
                expect(r).not.toBeInstanceOf(Error);
                model.balance = model.balance.minus(yuan(cmd.c));
                model.entries++;
                written.push({ id: requestId, kind: 'deduct', amount: yuan(cmd.c) });
                expect(model.balance.minus(model.spent).gte(0)).toBe(true);
              } else {
                expect(r).toBeInstanceOf(DeductionTooLargeError);
                expect((r as DeductionTooLargeError).maxDeductible.eq(room.gt(0) ? room : 0)).toBe(true);
              }
            } else if (cmd.t === 'spend') {
              model.spent = model.spent.plus(yuan(cmd.c));
              await givenSpend(h.deps, sub.id, 'p', model.spent.toFixed(2));
            } else if (cmd.t === 'redeliver' && written.length > 0) {
              const w = written[cmd.pick % written.length]!;
              const replay = await (w.kind === 'allocate' ? allocateQuota : deductQuota)(h.deps, {
                ...base,
                requestId: w.id,
                amount: w.amount,
              });
              expect(replay.replayed).toBe(true);
            } else if (cmd.t === 'requestApprovedTwice') {
              const { request } = await createQuotaRequest(h.deps, {
                actor: lead,
                subAccountId: sub.id,
                amount: yuan(cmd.c),
                reason: 'model',
              });
              const results = await Promise.all([
                approveQuotaRequest(h.deps, { actor: approverA, quotaRequestId: request.id }),
                approveQuotaRequest(h.deps, { actor: approverB, quotaRequestId: request.id }),
              ]);
              expect(results.filter((x) => x.outcome === 'approved')).toHaveLength(1);
              model.balance = model.balance.plus(yuan(cmd.c));
              model.entries++;
              model.epoch++;
            }

            const view = await getQuota(h.deps, { subAccountId: sub.id });
            expect(view.quota.quota.toString()).toBe(model.balance.toString());
            expect(view.quota.spent.toString()).toBe(model.spent.toString());
            expect(view.quota.remaining.toString()).toBe(model.balance.minus(model.spent).toString());
            expect(view.subAccount.alertEpoch).toBe(model.epoch);
            if (cmd.t === 'allocate' || cmd.t === 'requestApprovedTwice') {
              expect(view.subAccount.alertedStep).toBe(highestReached(view.quota.percent, view.thresholds));
            }
          }
          const chain = await withReader(h.deps.db, (m) => h.deps.repos.ledger.chain(m, sub.id));
          expect(chain).toHaveLength(model.entries);
          expect(chainProblems(chain, model.balance)).toEqual([]);
        },
      ),
      { numRuns: kind === 'mysql' ? 20 : 60 },
    );
  });
});
