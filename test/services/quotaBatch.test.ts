import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { ConflictError, NotFoundError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { deductQuota } from '../../src/services/quota/deductQuota.js';
import { DeductionTooLargeError } from '../../src/services/quota/errors.js';
import { MAX_BATCH } from '../../src/services/quota/ledgerWriteQueue.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from './harness.js';
import { expectExactLedger } from './ledgerChecks.js';

const approver: Actor = { kind: 'feishu', openId: 'ou_batch_approver', roles: ['approver'] };
const lead: Actor = { kind: 'feishu', openId: 'ou_batch_lead', roles: ['lead'] };
const yuan = (s: string) => parseAmount(s);

describe.each(dbKinds())('writes to one sub-account that arrive together on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  /** Counts the database transactions `fn` opens (the calls pass through unchanged). */
  async function transactionsDuring<T>(fn: () => Promise<T>): Promise<{ value: T; transactions: number }> {
    const spy = vi.spyOn(h.deps.db, 'transaction');
    try {
      const value = await fn();
      return { value, transactions: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  const write = (subAccountId: string, kind: 'allocate' | 'deduct', amount: string, requestId: string) =>
    (kind === 'allocate' ? allocateQuota : deductQuota)(h.deps, {
      actor: approver,
      subAccountId,
      amount: yuan(amount),
      note: requestId,
      requestId,
    });

  it('share one transaction; a deduction that does not fit is refused alone, the others are written', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { p: '4' } });
    await write(sub.id, 'allocate', '10', 'start');
    const { value: outcomes, transactions } = await transactionsDuring(() =>
      Promise.allSettled([
        write(sub.id, 'deduct', '3', 'd1'), // remaining 6 → 3
        write(sub.id, 'deduct', '5', 'd2'), // refused: at most 3
        write(sub.id, 'allocate', '2', 'a1'), // remaining 5
        write(sub.id, 'deduct', '5', 'd3'), // fits now: remaining 0
        write(sub.id, 'deduct', '0.01', 'd4'), // refused: at most 0
      ]),
    );
    expect(transactions).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    const refused = [outcomes[1], outcomes[4]].map((o) => (o as PromiseRejectedResult).reason as unknown);
    expect(refused[0]).toBeInstanceOf(DeductionTooLargeError);
    expect((refused[0] as DeductionTooLargeError).maxDeductible.toString()).toBe('3');
    expect((refused[1] as DeductionTooLargeError).maxDeductible.toString()).toBe('0');
    const written = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(
      written.map((r) => [r.entry.seq, r.entry.balanceAfter.toString(), r.quota.remaining.toString()]),
    ).toEqual([
      [2, '7', '3'],
      [3, '9', '5'],
      [4, '4', '0'],
    ]);
    expect(written.map((r) => r.subAccount.version)).toEqual([3, 4, 5]);
    await expectExactLedger(h.deps, sub.id, money('4'), ['start', 'd1', 'a1', 'd3']);
    const stored = await withReader(h.deps.db, (m) => h.deps.repos.subAccounts.findById(m, sub.id));
    expect(stored?.version).toBe(5);
    const chain = await withReader(h.deps.db, (m) => h.deps.repos.ledger.chain(m, sub.id));
    expect(chain.slice(1).map((e) => [e.id, e.note, e.source, e.createdAt.toISOString()])).toEqual(
      written.map((r) => [r.entry.id, r.entry.requestId, 'chat', h.clock.now().toISOString()]),
    );
    const audit = await listAudit(h.deps, { targetType: 'sub_account', targetId: sub.id });
    expect(audit.map((a) => [a.action, a.requestId])).toEqual([
      ['quota.deduct', 'd3'],
      ['quota.allocate', 'a1'],
      ['quota.deduct', 'd1'],
      ['quota.allocate', 'start'],
    ]);
    expect(audit[0]!.createdAt.toISOString()).toBe(h.clock.now().toISOString());
    expect(audit[0]!.before).toEqual({ balance: '9', seq: 3 });
    expect(audit[0]!.after).toMatchObject({ balance: '4', seq: 4, entryId: written[2]!.entry.id });
  });

  it('answers a request id repeated in the same batch with the first entry, or a conflict if the amount differs', async () => {
    const sub = await givenSubAccount(h.deps);
    const earlier = await write(sub.id, 'allocate', '7', 'old');
    const outcomes = await Promise.allSettled([
      write(sub.id, 'allocate', '7', 'old'), // replay of an entry written before
      write(sub.id, 'allocate', '5', 'new'),
      write(sub.id, 'allocate', '5', 'new'), // replay of the line above
      write(sub.id, 'allocate', '6', 'new'), // same id, other amount
      write(sub.id, 'deduct', '7', 'old'), // same id, other sign
      write(sub.id, 'deduct', '1', 'd'),
    ]);
    const [oldAgain, first, again, conflict, conflictOld, deducted] = outcomes;
    expect(oldAgain).toMatchObject({ status: 'fulfilled', value: { replayed: true } });
    expect((oldAgain as PromiseFulfilledResult<typeof earlier>).value.entry.id).toBe(earlier.entry.id);
    const firstNew = (first as PromiseFulfilledResult<typeof earlier>).value;
    const replay = (again as PromiseFulfilledResult<typeof earlier>).value;
    expect([firstNew.replayed, replay.replayed]).toEqual([false, true]);
    expect(replay.entry.id).toBe(firstNew.entry.id);
    // A replay reports the sub-account as it stands when the replay is answered, as a second call would.
    expect(replay.quota.quota.toString()).toBe('12');
    for (const c of [conflict, conflictOld]) {
      expect(c?.status).toBe('rejected');
      expect((c as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect((deducted as PromiseFulfilledResult<typeof earlier>).value.entry.seq).toBe(3);
    await expectExactLedger(h.deps, sub.id, money('11'), ['old', 'new', 'd']);
  });

  it(`takes at most ${MAX_BATCH} writes per transaction and keeps the chain exact`, async () => {
    const sub = await givenSubAccount(h.deps);
    const ids = Array.from({ length: MAX_BATCH + 50 }, (_, i) => `many-${i}`);
    const { value: results, transactions } = await transactionsDuring(() =>
      Promise.all(ids.map((id) => write(sub.id, 'allocate', '0.25', id))),
    );
    expect(transactions).toBe(2);
    expect(results.map((r) => r.entry.seq)).toEqual(ids.map((_, i) => i + 1));
    await expectExactLedger(h.deps, sub.id, money('0.25').times(ids.length), ids);
  });

  it('keeps other sub-accounts apart and refuses an unknown one for each of its callers', async () => {
    const a = await givenSubAccount(h.deps);
    const b = await givenSubAccount(h.deps);
    const outcomes = await Promise.allSettled([
      write(a.id, 'allocate', '1', 'x'),
      write('no-such-sub-account', 'allocate', '1', 'x'),
      write(b.id, 'allocate', '2', 'x'),
      write('no-such-sub-account', 'allocate', '1', 'y'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
    await expectExactLedger(h.deps, a.id, money('1'), ['x']);
    await expectExactLedger(h.deps, b.id, money('2'), ['x']);
  });

  it('interleaves with an approval writing to the same sub-account in its own transaction', async () => {
    const sub = await givenSubAccount(h.deps, { ownerOpenId: lead.openId });
    const { request } = await createQuotaRequest(h.deps, {
      actor: lead,
      subAccountId: sub.id,
      amount: yuan('100'),
      reason: 'batch',
    });
    const ids = Array.from({ length: 30 }, (_, i) => `mix-${i}`);
    const [approval] = await Promise.all([
      approveQuotaRequest(h.deps, { actor: approver, quotaRequestId: request.id }),
      ...ids.map((id) => write(sub.id, 'allocate', '1', id)),
    ]);
    expect(approval.outcome).toBe('approved');
    await expectExactLedger(h.deps, sub.id, money('130'), [...ids, `quota-request:${request.id}`]);
  });

  it('refuses a write made from inside another transaction instead of deadlocking', async () => {
    const sub = await givenSubAccount(h.deps);
    await expect(inTransaction(h.deps.db, () => write(sub.id, 'allocate', '1', 'nested'))).rejects.toThrow(
      /inside a transaction/,
    );
    await expectExactLedger(h.deps, sub.id, money('0'), []);
  });

  it('refuses a nested write at once even while another batch for the sub-account is running', async () => {
    const sub = await givenSubAccount(h.deps);
    const outside = Array.from({ length: 10 }, (_, i) => write(sub.id, 'allocate', '1', `outer-${i}`));
    const nested = inTransaction(h.deps.db, () => write(sub.id, 'allocate', '1', 'nested-late'));
    await expect(nested).rejects.toThrow(/inside a transaction/);
    await Promise.all(outside);
    await expectExactLedger(
      h.deps,
      sub.id,
      money('10'),
      Array.from({ length: 10 }, (_, i) => `outer-${i}`),
    );
  });
});

describe.runIf(dbKinds().includes('mysql'))('a write the database refuses, inside a batch on MariaDB', () => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness('mysql')));
  afterAll(async () => h?.close());

  it('fails only its own caller; the writes batched with it are written', async () => {
    const sub = await givenSubAccount(h.deps);
    // The operator column holds 128 characters; strict mode refuses a longer one.
    const longActor: Actor = { kind: 'cli', osUser: 'u'.repeat(200) };
    const base = { subAccountId: sub.id, amount: yuan('1'), note: '' };
    const outcomes = await Promise.allSettled([
      allocateQuota(h.deps, { ...base, actor: approver, requestId: 'ok-1' }),
      allocateQuota(h.deps, { ...base, actor: longActor, requestId: 'too-long' }),
      allocateQuota(h.deps, { ...base, actor: approver, requestId: 'ok-2' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expectExactLedger(h.deps, sub.id, money('2'), ['ok-1', 'ok-2']);
  });
});
