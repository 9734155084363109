import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import type { AlertLevel } from '../../src/db/entities/alert.js';
import { money } from '../../src/domain/money.js';
import { createLogger } from '../../src/log/logger.js';
import type { ApiScope } from '../../src/policies/actor.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createApiKey } from '../../src/services/apiKeys/createApiKey.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/databases.js';
import { givenMainAccount, givenSubAccount as givenSub } from '../support/factories.js';

export type TestClock = Clock & { advance(ms: number): void };

export type ApiHarness = {
  deps: Deps;
  clock: TestClock;
  url: string;
  kind: DbKind;
  /** fetch against the running AirGate, with an optional API key. */
  call: (path: string, init?: RequestInit & { key?: string; json?: unknown }) => Promise<ApiResponse>;
  close: () => Promise<void>;
};

// Response bodies are asserted field by field; a loose type keeps the tests readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; headers: Headers; text: string; body: any };

/** AirGate's real HTTP server on a fresh database and a random port, with a clock that moves only when told. */
export async function openApiHarness(kind: DbKind): Promise<ApiHarness> {
  const db: TestDatabase = await createTestDatabase(kind, { migrated: true });
  let t = new Date('2026-05-01T02:00:00.000Z').getTime();
  const clock: TestClock = { now: () => new Date(t), advance: (ms) => void (t += ms) };
  const deps = createDeps({ ...loadConfig({}), database: db.config }, { log: createLogger('silent'), clock });
  // No scheduler: its spending cycles (every few seconds of real time) would write alerts in the middle of
  // tests that compare what a request changed, and would call Volcengine for the test accounts.
  const server: RunningServer = await startServer(deps, {
    port: 0,
    host: '127.0.0.1',
    migrate: true,
    scheduler: false,
  });
  const call: ApiHarness['call'] = async (path, init = {}) => {
    const { key, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== undefined) headers.set('authorization', `Bearer ${key}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    const res = await fetch(`${server.url}${path}`, {
      ...rest,
      headers,
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body };
  };
  return {
    deps,
    clock,
    url: server.url,
    kind,
    call,
    close: async () => {
      await server.close();
      await db.drop();
    },
  };
}

const operator = { kind: 'cli', osUser: 'api-test' } as const;

/** A new API key as `airgate apikey create` makes it; returns the key shown once. */
export async function givenKey(deps: Deps, scopes: ApiScope[], name = `k-${randomUUID().slice(0, 8)}`) {
  const created = await createApiKey(deps, { actor: operator, name, scopes });
  return { id: created.id, key: created.key, prefix: created.prefix, name };
}

export async function givenAccount(deps: Deps, name?: string): Promise<{ id: string; name: string }> {
  return givenMainAccount(deps, { accessKeyId: 'AKLTapitest01', ...(name === undefined ? {} : { name }) });
}

/** A sub-account as the IAM service records it, with projects and what the watch recorded they spent. */
export async function givenSubAccount(
  deps: Deps,
  opts: {
    userName?: string;
    accountId?: string;
    projects?: Record<string, string>;
    unmonitored?: string[];
  } = {},
): Promise<SubAccountDto> {
  return givenSub(deps, opts);
}

export async function givenAlert(
  deps: Deps,
  input: {
    subAccountId: string;
    accountId: string;
    type: string;
    level?: AlertLevel;
    percent?: string;
    at?: Date;
  },
): Promise<number> {
  const alert = await withReader(deps.db, (m) =>
    deps.repos.alerts.insertOnce(
      m,
      {
        accountId: input.accountId,
        subAccountId: input.subAccountId,
        type: input.type,
        level: input.level ?? 'warning',
        percent: input.percent === undefined ? null : money(input.percent),
        epoch: 1,
        details: { projects: [{ name: 'web', spent: '80.00' }] },
        dedupeKey: randomUUID(),
      },
      input.at ?? deps.clock.now(),
    ),
  );
  return alert!.id;
}

/** What a refused request must leave untouched: every row count that a write would grow, and the balances. */
export async function writeState(deps: Deps): Promise<string> {
  const counts: string[] = [];
  for (const table of [
    'quota_requests',
    'ledger_entries',
    'audit_logs',
    'alerts',
    'sub_accounts',
    'api_keys',
  ]) {
    const rows = (await deps.db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: number | string }>;
    counts.push(`${table}=${String(rows[0]?.n)}`);
  }
  const heads = (await deps.db.query(
    'SELECT id, balance, last_seq, version FROM sub_accounts ORDER BY id',
  )) as unknown[];
  const requests = (await deps.db.query(
    'SELECT id, status, version FROM quota_requests ORDER BY id',
  )) as unknown[];
  return JSON.stringify({ counts, heads, requests });
}
