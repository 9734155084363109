import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Deps } from '../../src/deps.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { QUOTA_EXHAUSTED_REASON } from '../../src/domain/quota.js';
import { ConflictError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { deductQuota } from '../../src/services/quota/deductQuota.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, givenSpend, openHarness, type Harness } from '../services/harness.js';
import { expectExactLedger } from '../services/ledgerChecks.js';

const approver: Actor = { kind: 'feishu', openId: 'ou_planned_approver', roles: ['approver'] };

/**
 * A batch of allocations is planned on the row read outside any transaction and stored with a
 * compare-and-set; these are the cases where what was read is no longer true when it is stored.
 */
describe.each(dbKinds())('allocations batched together on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  const allocate = (deps: Deps, subAccountId: string, amount: string, requestId: string) =>
    allocateQuota(deps, { actor: approver, subAccountId, amount: parseAmount(amount), note: '', requestId });

  /** The deps with the sub-account row read as `stale` once (as if read just before another writer). */
  function readingStaleRowOnce(stale: SubAccountDto): Deps {
    const repos = h.deps.repos;
    let served = false;
    const findById: typeof repos.subAccounts.findById = async (m, id) => {
      if (!served && id === stale.id) {
        served = true;
        return stale;
      }
      return repos.subAccounts.findById(m, id);
    };
    return { ...h.deps, repos: { ...repos, subAccounts: { ...repos.subAccounts, findById } } };
  }

  it('a retried request id among new ones: the retry gets its first entry, each new one is written once', async () => {
    const sub = await givenSubAccount(h.deps);
    const first = await allocate(h.deps, sub.id, '7', 'retried');
    const ids = Array.from({ length: 12 }, (_, i) => `new-${i}`);
    const [retry, conflict, ...fresh] = await Promise.all([
      allocate(h.deps, sub.id, '7', 'retried'),
      allocate(h.deps, sub.id, '8', 'retried').catch((e: unknown) => e),
      ...ids.map((id) => allocate(h.deps, sub.id, '1', id)),
    ]);
    expect(retry).toMatchObject({ replayed: true, entry: { id: first.entry.id, seq: 1 } });
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(fresh.map((r) => [r.replayed, r.entry.seq])).toEqual(ids.map((_, i) => [false, i + 2]));
    await expectExactLedger(h.deps, sub.id, money('19'), ['retried', ...ids]);
    const audit = await listAudit(h.deps, { targetType: 'sub_account', targetId: sub.id, limit: 50 });
    expect(audit.map((a) => a.requestId).sort()).toEqual(['retried', ...ids].sort());
  });

  it('a retried deduction the quota no longer covers gets its first entry back, not a refusal', async () => {
    const sub = await givenSubAccount(h.deps);
    await allocate(h.deps, sub.id, '10', 'funds');
    const first = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: parseAmount('8'),
      note: '',
      requestId: 'take-8',
    });
    const retry = await deductQuota(h.deps, {
      actor: approver,
      subAccountId: sub.id,
      amount: parseAmount('8'),
      note: '',
      requestId: 'take-8',
    });
    expect(retry).toMatchObject({ replayed: true, entry: { id: first.entry.id } });
    expect(retry.quota.remaining.toString()).toBe('2');
    await expectExactLedger(h.deps, sub.id, money('2'), ['funds', 'take-8']);
  });

  it('another writer moved the head after the batch read the row: nothing is lost or doubled', async () => {
    const sub = await givenSubAccount(h.deps);
    const before = (await withReader(h.deps.db, (m) => h.deps.repos.subAccounts.findById(m, sub.id)))!;
    await allocate(h.deps, sub.id, '5', 'meanwhile');
    const deps = readingStaleRowOnce(before);
    const ids = Array.from({ length: 8 }, (_, i) => `late-${i}`);
    const results = await Promise.all(ids.map((id) => allocate(deps, sub.id, '2', id)));
    expect(results.map((r) => [r.entry.seq, r.entry.balanceAfter.toString()])).toEqual(
      ids.map((_, i) => [i + 2, String(5 + 2 * (i + 1))]),
    );
    await expectExactLedger(h.deps, sub.id, money('21'), ['meanwhile', ...ids]);
  });

  it('a quota disable that lands after the batch read the row is still ended by the allocation', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { p: '0' } });
    await allocate(h.deps, sub.id, '100', 'q1');
    const active = (await withReader(h.deps.db, (m) => h.deps.repos.subAccounts.findById(m, sub.id)))!;
    // The watch disables the sub-account for its quota: the row changes, its ledger head does not.
    await givenSpend(h.deps, sub.id, 'p', '120');
    const at = h.clock.now();
    await withReader(h.deps.db, (m) =>
      h.deps.repos.subAccounts.update(
        m,
        sub.id,
        { status: 'disabled', disabledReason: QUOTA_EXHAUSTED_REASON, disabledAt: at },
        at,
      ),
    );
    const r = await allocate(readingStaleRowOnce(active), sub.id, '50', 'q2');
    expect(r.reenableRequested).toBe(true);
    expect(r.quota.exhausted).toBe(false);
    const stored = (await withReader(h.deps.db, (m) => h.deps.repos.subAccounts.findById(m, sub.id)))!;
    expect(stored.reenableRequestedAt?.toISOString()).toBe(at.toISOString());
    expect(stored.status).toBe('disabled');
    await expectExactLedger(h.deps, sub.id, money('150'), ['q1', 'q2']);
  });

  it('a batch of allocations opens one transaction', async () => {
    const sub = await givenSubAccount(h.deps);
    const spy = vi.spyOn(h.deps.db, 'transaction');
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `one-${i}`);
      await Promise.all(ids.map((id) => allocate(h.deps, sub.id, '1', id)));
      expect(spy.mock.calls.length).toBe(1);
      await expectExactLedger(h.deps, sub.id, money('20'), ids);
    } finally {
      spy.mockRestore();
    }
  });
});

describe.runIf(dbKinds().includes('mysql'))('two batches in flight on MariaDB', () => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness('mysql')));
  afterAll(async () => h?.close());

  it('the first one fails: the second, planned on its head, is not kept on a head that never was', async () => {
    const sub = await givenSubAccount(h.deps);
    // The operator column holds 128 characters; strict mode refuses a longer one, failing its batch.
    const longActor: Actor = { kind: 'cli', osUser: 'u'.repeat(200) };
    const ids = Array.from({ length: 40 }, (_, i) => `pipe-${i}`);
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        allocateQuota(h.deps, {
          actor: i === 2 ? longActor : approver,
          subAccountId: sub.id,
          amount: parseAmount('1'),
          note: '',
          requestId: id,
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(ids.map((_, i) => (i === 2 ? 'rejected' : 'fulfilled')));
    const kept = ids.filter((_, i) => i !== 2);
    await expectExactLedger(h.deps, sub.id, money('39'), kept);
    const written = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.entry.seq] : []));
    expect([...written].sort((a, b) => a - b)).toEqual(kept.map((_, i) => i + 1));
  });
});
