import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import type { Actor } from '../../src/policies/actor.js';
import { getSettings, readSettings, readThresholds } from '../../src/services/settings/getSettings.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { dbKinds } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { openHarness, type Harness } from './harness.js';

const admin: Actor = { kind: 'feishu', openId: 'ou_admin', roles: ['admin'] };

/** The reads of the settings table `h` sends from now on. */
const settingsReads = (h: Harness) =>
  recordStatements(h.deps.db, (q) => /^\s*SELECT\b[\s\S]*FROM\s+[`"]?settings[`"]?/i.test(q));

// Every event reads the settings; they change a few times a year. A read outside a transaction is
// reused for a second, and a change made here is seen by the very next read.
describe.each(dbKinds())('reading the settings on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it('reads the table once for reads made within a second of each other, outside transactions', async () => {
    await updateSettings(h.deps, { actor: admin, patch: { thresholds: [40, 70] } });
    const seen = settingsReads(h);
    for (let i = 0; i < 5; i++) expect((await getSettings(h.deps)).thresholds).toEqual([40, 70]);
    expect(seen).toHaveLength(1);
  });

  it('sees a change made here at once, and a transaction always reads what is stored', async () => {
    expect((await getSettings(h.deps)).requestExpiryHours).toBe(72);
    await updateSettings(h.deps, { actor: admin, patch: { requestExpiryHours: 48 } });
    expect((await getSettings(h.deps)).requestExpiryHours).toBe(48);
    const seen = settingsReads(h);
    await inTransaction(h.deps.db, (tx) => readSettings(h.deps.repos, tx));
    await inTransaction(h.deps.db, (tx) => readSettings(h.deps.repos, tx));
    expect(seen).toHaveLength(2);
  });

  it('a reader that changes what it got changes nothing for the next reader (a reused read is parsed once)', async () => {
    await updateSettings(h.deps, {
      actor: admin,
      patch: { thresholds: [30, 60], approvers: ['ou_a'], approverDepartments: { od_1: '财务' } },
    });
    const first = await getSettings(h.deps);
    const hours = first.requestExpiryHours;
    first.thresholds.push(99);
    first.approvers.push('ou_intruder');
    first.approverDepartments['od_2'] = '法务';
    first.requestExpiryHours = hours + 1;
    const second = await withReader(h.deps.db, (m) => readSettings(h.deps.repos, m));
    expect(second.thresholds).toEqual([30, 60]);
    expect(second.approvers).toEqual(['ou_a']);
    expect(second.approverDepartments).toEqual({ od_1: '财务' });
    expect(second.requestExpiryHours).toBe(hours);
    // readThresholds hands out the read's own array (the REST read asks on every request): frozen.
    const thresholds = await withReader(h.deps.db, (m) => readThresholds(h.deps.repos, m));
    expect(() => (thresholds as number[]).push(99)).toThrow(TypeError);
    expect(await withReader(h.deps.db, (m) => readThresholds(h.deps.repos, m))).toEqual([30, 60]);
  });

  it('forgets nothing it should not: a rolled-back change is never served', async () => {
    expect((await getSettings(h.deps)).earlyWarningHours).toBe(6);
    await expect(
      inTransaction(h.deps.db, async (tx) => {
        await h.deps.repos.settings.put(tx, 'earlyWarningHours', 12, 'cli:test', h.clock.now());
        expect((await readSettings(h.deps.repos, tx)).earlyWarningHours).toBe(12);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await getSettings(h.deps)).earlyWarningHours).toBe(6);
    expect((await withReader(h.deps.db, (m) => readSettings(h.deps.repos, m))).earlyWarningHours).toBe(6);
  });

  it('keeps nothing read in a transaction’s scope, even through a plain read (SQLite shares one connection)', async () => {
    expect((await getSettings(h.deps)).maxPendingRequestsPerRequester).toBe(10);
    await expect(
      inTransaction(h.deps.db, async (tx) => {
        await h.deps.repos.settings.put(tx, 'maxPendingRequestsPerRequester', 3, 'cli:test', h.clock.now());
        await getSettings(h.deps);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await getSettings(h.deps)).maxPendingRequestsPerRequester).toBe(10);
  });
});
