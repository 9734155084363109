import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemFor } from '../../src/api/problem.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { createLogger } from '../../src/log/logger.js';
import type { Actor } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { quotaHistory } from '../../src/services/quota/quotaHistory.js';
import { dbKinds } from '../support/databases.js';
import { givenAccount, givenKey, givenSubAccount, openApiHarness, type ApiHarness } from '../api/support.js';

const admin: Actor = { kind: 'feishu', openId: 'ou_admin', roles: ['admin'] };

/**
 * Names, keys and ids compare byte for byte on both databases: MySQL's usual collations ignore case, accents
 * and trailing spaces, which made `LISI` find `lisi` and `K1` replay `k1`.
 */
describe.each(dbKinds())('exact comparison of names, keys and ids on %s', (kind) => {
  let h: ApiHarness;
  let key: string;
  let accountId: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    key = (await givenKey(h.deps, ['read', 'request'])).key;
    accountId = (await givenAccount(h.deps, 'main-c')).id;
    await givenSubAccount(h.deps, { userName: 'lisi', accountId });
  });
  afterAll(async () => h?.close());

  it('keeps Volcengine users LISI and lisi apart, and finds each only by its exact name', async () => {
    const upper = await givenSubAccount(h.deps, { userName: 'LISI', accountId });
    expect(upper.userName).toBe('LISI');
    const lower = await h.call('/api/v1/subaccounts/lisi', { key });
    expect(lower.status).toBe(200);
    expect(lower.body.userName ?? lower.body.name).toBe('lisi');
    const exact = await h.call('/api/v1/subaccounts/LISI', { key });
    expect(exact.status).toBe(200);
    expect(exact.body.userName ?? exact.body.name).toBe('LISI');
  });

  it('finds nothing for a name with a trailing space or another accent', async () => {
    for (const name of ['lisi%20', 'l%C3%ACsi']) {
      const res = await h.call(`/api/v1/subaccounts/${name}`, { key });
      expect(res.status).toBe(404);
      expect(res.text).not.toMatch(/sql|duplicate|entry/i);
    }
  });

  it('treats Idempotency-Key K1 and k1 as two requests', async () => {
    const post = (idem: string) =>
      h.call('/api/v1/quota-requests', {
        method: 'POST',
        key,
        json: { subaccount: 'lisi', amount: '10', reason: 'case' },
        headers: { 'Idempotency-Key': idem },
      });
    const first = await post('k1');
    const second = await post('K1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    const replay = await post('K1');
    expect(replay.body.id).toBe(second.body.id);
  });

  it('books ledger request ids r1 and R1 as two writes, with no database error', async () => {
    const sub = await givenSubAccount(h.deps, { userName: 'wangwu', accountId });
    for (const requestId of ['r1', 'R1', 'r1 ']) {
      await allocateQuota(h.deps, {
        actor: admin,
        subAccountId: sub.id,
        amount: parseAmount('1'),
        note: '',
        requestId,
      });
    }
    const history = await quotaHistory(h.deps, { subAccountId: sub.id });
    expect(history.entries).toHaveLength(2);
  });

  it('answers a unique violation that reaches the API as a 409 without the database text', async () => {
    const err = await withReader(h.deps.db, async (m) => {
      const now = h.deps.clock.now();
      await h.deps.repos.subAccounts.insert(m, { accountId, userName: 'dup' }, now);
      return h.deps.repos.subAccounts.insert(m, { accountId, userName: 'dup' }, now).catch((e: unknown) => e);
    });
    const { problem } = problemFor(err, 'req-1', createLogger('silent'));
    expect(problem.status).toBe(409);
    expect(JSON.stringify(problem)).not.toMatch(/sql|duplicate entry|constraint|uq_|sub_accounts/i);
  });

  it.runIf(kind === 'mysql')(
    'compares every text column in binary, and so will tables added later',
    async () => {
      const rows: Array<{ TABLE_NAME: string; COLUMN_NAME: string; COLLATION_NAME: string }> =
        await h.deps.db.query(
          `SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND TABLE_NAME <> 'migrations'`,
        );
      expect(rows.length).toBeGreaterThan(20);
      // Binary and NO PAD: utf8mb4_0900_bin on MySQL 8, utf8mb4_nopad_bin on MariaDB.
      const binary = new Set(['utf8mb4_0900_bin', 'utf8mb4_nopad_bin']);
      expect(rows.filter((r) => !binary.has(r.COLLATION_NAME))).toEqual([]);
      const [db]: Array<{ c: string }> = await h.deps.db.query(
        `SELECT DEFAULT_COLLATION_NAME AS c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()`,
      );
      expect(binary.has(db!.c)).toBe(true);
    },
  );
});
