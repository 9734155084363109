import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../../src/deps.js';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { money } from '../../src/domain/money.js';
import { createLogger } from '../../src/log/logger.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/databases.js';

export type TestClock = Clock & { set(d: Date | string): void; advance(ms: number): void };

export function testClock(start = '2026-05-01T02:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = new Date(d).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export type Harness = { deps: Deps; clock: TestClock; db: TestDatabase; close: () => Promise<void> };

/** Real deps on a fresh, migrated database of the given kind, with a settable clock. */
export async function openHarness(kind: DbKind, config: Partial<Config> = {}): Promise<Harness> {
  const db = await createTestDatabase(kind);
  const clock = testClock();
  const deps = createDeps(
    { ...loadConfig({}), ...config, database: db.config },
    { log: createLogger('silent'), clock },
  );
  await initDeps(deps, { migrate: true });
  return {
    deps,
    clock,
    db,
    close: async () => {
      await closeDeps(deps);
      await db.drop();
    },
  };
}

/** A main account row (stands in for `airgate account add`, which needs no Volcengine call). */
export async function givenAccount(deps: Deps, name = `acct-${randomUUID().slice(0, 6)}`): Promise<string> {
  const now = deps.clock.now();
  const id = randomUUID();
  await withReader(deps.db, (m) =>
    deps.repos.accounts.insert(m, {
      id,
      name,
      source: 'db',
      accessKeyId: 'AKLTtest0001',
      secretSealed: null,
      region: 'cn-beijing',
      endpoint: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return id;
}

/** A sub-account as the IAM service would record it, with optional projects and their spending. */
export async function givenSubAccount(
  deps: Deps,
  opts: {
    userName?: string;
    accountId?: string;
    ownerOpenId?: string;
    projects?: Record<string, string>;
  } = {},
): Promise<SubAccountDto> {
  const accountId = opts.accountId ?? (await givenAccount(deps));
  const now = deps.clock.now();
  return withReader(deps.db, async (m) => {
    const sub = await deps.repos.subAccounts.insert(
      m,
      {
        accountId,
        userName: opts.userName ?? `user-${randomUUID().slice(0, 8)}`,
        ownerOpenId: opts.ownerOpenId ?? null,
      },
      now,
    );
    for (const [projectName, spent] of Object.entries(opts.projects ?? {})) {
      const p = await deps.repos.projects.insert(
        m,
        { subAccountId: sub.id, accountId, projectName, countsFrom: '2026-05-01', attachedPolicies: [] },
        now,
      );
      await deps.repos.projects.updateSpent(m, p.id, money(spent), now);
    }
    return sub;
  });
}

/** Sets what the spending watch would have recorded for a project. */
export async function givenSpend(
  deps: Deps,
  subAccountId: string,
  projectName: string,
  spent: string,
): Promise<void> {
  await withReader(deps.db, async (m) => {
    const p = (await deps.repos.projects.listBySubAccount(m, subAccountId)).find(
      (x) => x.projectName === projectName,
    );
    if (!p) throw new Error(`no project ${projectName}`);
    await deps.repos.projects.updateSpent(m, p.id, money(spent), deps.clock.now());
  });
}
