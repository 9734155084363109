import { createConnection } from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../../src/deps.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { watchRepo } from '../../src/db/repos/watch.js';
import { createLogger } from '../../src/log/logger.js';
import { acquireCycleLock, FencedOutError, serverLockName } from '../../src/db/repos/cycleLock.js';
import { runSpendingCheck } from '../../src/services/watch/runSpendingCheck.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { wordsOf } from '../errors/refusalWords.js';

async function depsOn(db: TestDatabase, migrate: boolean): Promise<Deps> {
  const deps = createDeps({ ...loadConfig({}), database: db.config }, { log: createLogger('silent') });
  await initDeps(deps, { migrate });
  return deps;
}

describe.each(dbKinds())('the cycle lock on %s', (kind) => {
  let db: TestDatabase;
  const open: Deps[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await closeDeps(d);
    await db?.drop();
  });

  it('lets one holder at a time run a cycle, each with a higher fence', async () => {
    db = await createTestDatabase(kind);
    const a = await depsOn(db, true);
    const b = kind === 'mysql' ? await depsOn(db, false) : a;
    open.push(...new Set([a, b]));
    const first = await acquireCycleLock(a);
    expect(first).not.toBeNull();
    expect(await acquireCycleLock(b)).toBeNull();
    const waiting = acquireCycleLock(b, { waitMs: 3_000 });
    await new Promise((r) => setTimeout(r, 200));
    await first!.release();
    const second = await waiting;
    expect(second?.fence).toBe(first!.fence + 1);
    const fenced = await inTransaction(a.db, (tx) => first!.check(tx)).catch((e: unknown) => e);
    expect(fenced).toBeInstanceOf(FencedOutError);
    expect(wordsOf(fenced)).toContain(
      `巡检已由另一进程接管（fence ${first!.fence} → ${second!.fence}） / the spending cycle was taken over`,
    );
    await inTransaction(b.db, (tx) => second!.check(tx));
    await second!.release();
  });

  it('marks a cycle whose process died (its lease gone) abandoned at the next cycle, not running for ever', async () => {
    db = await createTestDatabase(kind);
    const a = await depsOn(db, true);
    open.push(a);
    // What a killed check leaves behind: its cycle row says running; its lock died with it.
    const dead = (await acquireCycleLock(a, { holder: 'killed-process' }))!;
    const deadCycle = await inTransaction(a.db, (tx) =>
      watchRepo.startCycle(tx, {
        fence: dead.fence,
        holder: dead.holder,
        trigger: 'test',
        startedAt: new Date(),
      }),
    );
    await dead.release();

    const r = await runSpendingCheck(a, { trigger: 'test' });
    expect(r.ran).toBe(true);
    const cycles = await withReader(a.db, (m) => watchRepo.recentCycles(m, 5));
    const byId = new Map(cycles.map((c) => [c.id, c]));
    expect(byId.get(deadCycle)?.outcome).toBe('abandoned');
    expect(byId.get(deadCycle)?.finishedAt).toBeInstanceOf(Date);
    expect(r.ran && byId.get(r.cycleId)?.outcome).toBe('done');
  });
});

describe.skipIf(!dbKinds().includes('mysql'))('the cycle lock when its holder dies (MariaDB)', () => {
  let db: TestDatabase;
  const open: Deps[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await closeDeps(d);
    await db?.drop();
  });

  it('a killed lock connection frees GET_LOCK, another process takes over, and the old holder’s writes are refused', async () => {
    db = await createTestDatabase('mysql');
    const a = await depsOn(db, true);
    const b = await depsOn(db, false);
    open.push(a, b);
    const old = (await acquireCycleLock(a))!;
    expect(await acquireCycleLock(b)).toBeNull();

    // The holder's dedicated connection dies (a network cut, a killed process): the server frees the lock.
    const url = db.config.type === 'mysql' ? db.config.url : '';
    const admin = await createConnection({ uri: url });
    const database = new URL(url).pathname.slice(1);
    const [rows] = await admin.query('SELECT IS_USED_LOCK(?) AS id', [serverLockName(database)]);
    await admin.query(`KILL ${Number((rows as Array<{ id: number }>)[0]!.id)}`);
    await admin.end();

    const next = await acquireCycleLock(b, { waitMs: 5_000 });
    expect(next?.fence).toBe(old.fence + 1);
    // The old holder does not know yet; its next write checks the fence and is refused.
    await expect(inTransaction(a.db, (tx) => old.check(tx))).rejects.toBeInstanceOf(FencedOutError);
    await next!.release();
    await old.release().catch(() => undefined);
  });
});
