import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { chainProblems } from '../../src/domain/ledger.js';
import { money, sumMoney, type Money } from '../../src/domain/money.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import type { Actor } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { deductQuota } from '../../src/services/quota/deductQuota.js';
import { DeductionTooLargeError } from '../../src/services/quota/errors.js';
import { approveQuotaRequest } from '../../src/services/requests/approveQuotaRequest.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { dbKinds, type DbKind } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from './harness.js';

const approverA: Actor = { kind: 'feishu', openId: 'ou_approver_a', roles: ['approver'] };
const approverB: Actor = { kind: 'feishu', openId: 'ou_approver_b', roles: ['approver'] };
const execFileAsync = promisify(execFile);
const lead: Actor = { kind: 'feishu', openId: 'ou_lead', roles: ['lead'] };

/** L1 over the stored chain plus: the cached head equals the sum, and every request id appears once. */
export async function expectExactLedger(
  deps: Deps,
  subAccountId: string,
  expected: Money,
  requestIds: string[],
) {
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

// MySQL runs under InnoDB's default REPEATABLE READ and under READ COMMITTED: the code must be right in both.
type Case = { kind: DbKind; isolation: string };
const cases = dbKinds().flatMap((kind): Case[] =>
  kind === 'mysql'
    ? [
        { kind, isolation: 'REPEATABLE READ' },
        { kind, isolation: 'READ COMMITTED' },
      ]
    : [{ kind, isolation: '' }],
);

describe.each(cases)('concurrent ledger writes on $kind $isolation', ({ kind, isolation }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
    if (kind === 'mysql') {
      const [row] = (await h.deps.db.query('SELECT @@tx_isolation AS level')) as Array<{ level: string }>;
      expect(row?.level).toBe('REPEATABLE-READ');
      // TypeORM issues SET TRANSACTION ISOLATION LEVEL before each transaction when this is set.
      if (isolation !== 'REPEATABLE READ') Object.assign(h.deps.db.options, { isolationLevel: isolation });
    }
  });
  afterAll(async () => h?.close());

  it('50 concurrent allocations to one sub-account give exactly the sum, every entry once', async () => {
    const sub = await givenSubAccount(h.deps);
    const amounts = Array.from(
      { length: 50 },
      (_, i) => `${i + 1}.${String((i * 37) % 100).padStart(2, '0')}`,
    );
    const started = performance.now();
    const results = await Promise.all(
      amounts.map((a, i) =>
        allocateQuota(h.deps, {
          actor: approverA,
          subAccountId: sub.id,
          amount: parseAmount(a),
          note: '',
          requestId: `alloc-${i}`,
        }),
      ),
    );
    const ms = performance.now() - started;
    console.info(
      `[figure] ${kind} ${isolation}: 50 concurrent allocations on one sub-account in ${ms.toFixed(0)} ms`,
    );
    expect(results.every((r) => !r.replayed)).toBe(true);
    expect(new Set(results.map((r) => r.entry.seq)).size).toBe(50);
    await expectExactLedger(
      h.deps,
      sub.id,
      sumMoney(amounts.map(money)),
      amounts.map((_, i) => `alloc-${i}`),
    );
  });

  it('100 concurrent deductions worth twice the remaining quota: exactly half pass, none below zero', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { p: '40' } });
    await allocateQuota(h.deps, {
      actor: approverA,
      subAccountId: sub.id,
      amount: parseAmount('140'),
      note: '',
      requestId: 'start',
    });
    const ids = Array.from({ length: 100 }, (_, i) => `d-${i}`);
    const outcomes = await Promise.allSettled(
      ids.map((id) =>
        deductQuota(h.deps, {
          actor: approverB,
          subAccountId: sub.id,
          amount: parseAmount('2'),
          note: '',
          requestId: id,
        }),
      ),
    );
    const accepted = ids.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    expect(accepted).toHaveLength(50);
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(DeductionTooLargeError);
    await expectExactLedger(h.deps, sub.id, money('40'), ['start', ...accepted]);
  });

  it('mixed concurrent allocations and deductions keep the chain and refuse only what did not fit', async () => {
    const sub = await givenSubAccount(h.deps, { projects: { p: '40' } });
    await allocateQuota(h.deps, {
      actor: approverA,
      subAccountId: sub.id,
      amount: parseAmount('140'),
      note: '',
      requestId: 'start',
    });
    const ops = Array.from({ length: 125 }, (_, i) =>
      i % 5 === 0
        ? { kind: 'allocate' as const, id: `a-${i}`, amount: '1.00' }
        : { kind: 'deduct' as const, id: `d-${i}`, amount: '2.00' },
    );
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      ops.map((op) =>
        (op.kind === 'deduct' ? deductQuota : allocateQuota)(h.deps, {
          actor: approverB,
          subAccountId: sub.id,
          amount: parseAmount(op.amount),
          note: '',
          requestId: op.id,
        }),
      ),
    );
    console.info(
      `[figure] ${kind} ${isolation}: 125 concurrent mixed writes in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const accepted = ops.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    expect(accepted.filter((o) => o.kind === 'allocate')).toHaveLength(25);
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      // Each refusal was right when it happened: less than 2 could be deducted then.
      expect(o.reason).toBeInstanceOf(DeductionTooLargeError);
      expect((o.reason as DeductionTooLargeError).maxDeductible.lt(2)).toBe(true);
    }
    const deducted = accepted.filter((o) => o.kind === 'deduct').length;
    expect(deducted).toBeGreaterThanOrEqual(50);
    expect(deducted).toBeLessThanOrEqual(62);
    const end = money('140')
      .plus(25)
      .minus(2 * deducted);
    expect(end.minus(40).gte(0)).toBe(true);
    await expectExactLedger(h.deps, sub.id, end, ['start', ...accepted.map((o) => o.id)]);
  });

  it('50 concurrent approvals of one request by two approvers allocate once', async () => {
    const sub = await givenSubAccount(h.deps, { ownerOpenId: 'ou_lead' });
    const { request } = await createQuotaRequest(h.deps, {
      actor: lead,
      subAccountId: sub.id,
      amount: parseAmount('300'),
      reason: '压测',
    });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        approveQuotaRequest(h.deps, {
          actor: i % 2 ? approverA : approverB,
          quotaRequestId: request.id,
          source: 'card',
        }),
      ),
    );
    console.info(
      `[figure] ${kind} ${isolation}: 50 concurrent approvals in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const won = results.filter((r) => r.outcome === 'approved');
    expect(won).toHaveLength(1);
    const decidedBy = won[0]!.request.decidedBy;
    for (const r of results.filter((x) => x.outcome === 'already_decided')) {
      expect(r.request.status).toBe('approved');
      expect(r.request.decidedBy).toBe(decidedBy);
    }
    await expectExactLedger(h.deps, sub.id, money('300'), [`quota-request:${request.id}`]);
    const audit = await listAudit(h.deps, { targetType: 'quota_request', targetId: request.id });
    expect(audit.map((a) => a.action)).toEqual(['quota.request.approve', 'quota.request.create']);
  });
});

describe('two processes on one SQLite file', () => {
  it('writes from two processes wait for each other instead of failing with SQLITE_BUSY', async () => {
    const h = await openHarness('sqlite');
    try {
      const sub = await givenSubAccount(h.deps);
      if (h.deps.config.database.type !== 'sqlite') throw new Error('sqlite expected');
      const script = fileURLToPath(new URL('./sqliteWriter.ts', import.meta.url));
      const child = execFileAsync(
        process.execPath,
        ['--import', 'tsx', script, h.deps.config.database.path, sub.id, 'child', '200'],
        {
          timeout: 60_000,
        },
      );
      let childDone = false;
      const childResult = child.finally(() => void (childDone = true));
      // Keep writing, five at a time, for as long as the other process runs, so the two really overlap.
      const mine: string[] = [];
      while (!childDone && mine.length < 2000) {
        // better-sqlite3 resolves in microtasks only: let the child's exit event through.
        await new Promise((r) => setImmediate(r));
        const batch = Array.from({ length: 5 }, (_, i) => `parent-${mine.length + i}`);
        mine.push(...batch);
        await Promise.all(
          batch.map((id) =>
            allocateQuota(h.deps, {
              actor: approverA,
              subAccountId: sub.id,
              amount: parseAmount('1.25'),
              note: '',
              requestId: id,
            }),
          ),
        );
      }
      expect((await childResult).stdout).toContain('done');
      const theirs = Array.from({ length: 200 }, (_, i) => `child-${i}`);
      await expectExactLedger(h.deps, sub.id, money('1.25').times(mine.length + 200), [...mine, ...theirs]);
    } finally {
      await h.close();
    }
  });
});
