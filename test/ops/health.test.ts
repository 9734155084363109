import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { watchRepo } from '../../src/db/repos/watch.js';
import { createLogger } from '../../src/log/logger.js';
import { systemActor } from '../../src/policies/actor.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { listUsers } from '../../src/volc/actions/users.js';
import { VolcClient } from '../../src/volc/client.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { metric, startSims, type Sims } from './support.js';

type ReadyBody = {
  status: string;
  checks: Array<{ name: string; ok: boolean; detail: string; detailZh: string }>;
};

describe.each(dbKinds())('/readyz and /metrics on %s', (kind) => {
  let db: TestDatabase;
  let sims: Sims;
  let deps: Deps;
  let server: RunningServer;
  let now = new Date('2026-11-25T08:00:00.000Z');
  let accountId = '';

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, text: await res.text() };
  };
  const ready = async () => {
    const r = await get('/readyz');
    return { status: r.status, body: JSON.parse(r.text) as ReadyBody };
  };
  const addCycle = (minutesAgo: number, outcome: 'done' | 'failed', seconds = 42) =>
    inTransaction(deps.db, async (tx) => {
      const startedAt = new Date(now.getTime() - minutesAgo * 60_000);
      const id = await watchRepo.startCycle(tx, { fence: 1, holder: 'test', trigger: 'test', startedAt });
      await watchRepo.finishCycle(tx, id, outcome, {}, new Date(startedAt.getTime() + seconds * 1000));
    });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sims = await startSims();
    const config = {
      ...loadConfig({
        NODE_ENV: 'test',
        VOLC_ACCESS_KEY_ID: sims.creds.volc.accessKeyId,
        VOLC_SECRET_ACCESS_KEY: sims.creds.volc.secretAccessKey,
        VOLC_ENDPOINT: sims.volc.url,
      }),
      database: db.config,
    };
    deps = createDeps(config, { log: createLogger('silent'), clock: { now: () => now } });
    server = await startServer(deps, { port: 0, host: '127.0.0.1', migrate: true, scheduler: false });
    accountId = (await withReader(deps.db, (m) => deps.repos.accounts.findEnv(m)))!.id;
  });
  afterAll(async () => {
    await server?.close();
    await sims?.close();
    await db?.drop();
  });

  it('is ready before the first cycle and says "no cycle yet"', async () => {
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ready');
    expect(r.body.checks).toEqual([
      expect.objectContaining({ name: 'database', ok: true }),
      expect.objectContaining({ name: 'cycle', ok: true, detail: 'no cycle yet', detailZh: '尚无巡检' }),
    ]);
  });

  it('turns 503 when no cycle finished in three intervals, and follows the interval setting', async () => {
    await addCycle(35, 'done');
    const stale = await ready();
    expect(stale.status).toBe(503);
    expect(stale.body.checks[1]).toMatchObject({ name: 'cycle', ok: false });
    // The server runs with --no-scheduler: the separate scheduler is the one to look at.
    expect(stale.body.checks[1]!.detail).toMatch(
      /finished 34 min ago .*expected every 10 min: is `airgate scheduler` running\?/,
    );

    await updateSettings(deps, { actor: systemActor, patch: { checkIntervalMinutes: 15 } });
    expect((await ready()).status).toBe(200);
    await updateSettings(deps, { actor: systemActor, patch: { checkIntervalMinutes: 10 } });
  });

  it('stays 503 while a killed or hung cycle "runs": starting is not finishing', async () => {
    await inTransaction(deps.db, (tx) =>
      watchRepo.startCycle(tx, {
        fence: 1,
        holder: 'killed',
        trigger: 'schedule',
        startedAt: new Date(now.getTime() - 5 * 60_000),
      }),
    );
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks[1]!.detail).toMatch(/still running/);
  });

  it('reports the newest cycle: its start, duration and outcome, and the last day by outcome', async () => {
    await addCycle(3, 'failed', 7);
    await addCycle(1, 'done', 12.5);
    expect((await ready()).status).toBe(200);
    const m = (await get('/metrics')).text;
    expect(metric(m, 'airgate_watch_last_cycle_duration_seconds')).toBe(12.5);
    expect(metric(m, 'airgate_watch_last_cycle_success')).toBe(1);
    expect(metric(m, 'airgate_watch_last_cycle_start_timestamp_seconds')).toBe(now.getTime() / 1000 - 60);
    expect(metric(m, 'airgate_watch_cycles_last_24h', { outcome: 'done' })).toBe(2);
    expect(metric(m, 'airgate_watch_cycles_last_24h', { outcome: 'failed' })).toBe(1);
    expect(metric(m, 'airgate_watch_interval_seconds')).toBe(600);
    expect(metric(m, 'airgate_database_up')).toBe(1);
  });

  it('counts sub-accounts by status and the outbox backlog with the age of its oldest message', async () => {
    await inTransaction(deps.db, async (tx) => {
      for (const [userName, status] of [
        ['a1', 'active'],
        ['a2', 'active'],
        ['d1', 'disabled'],
      ] as const) {
        await deps.repos.subAccounts.insert(tx, { accountId, userName, status }, now);
      }
      for (const text of ['one', 'two']) {
        await deps.outbox.enqueue(tx, {
          kind: 'send',
          receiveIdType: 'open_id',
          receiveId: 'ou_x',
          body: { text },
        });
      }
    });
    now = new Date(now.getTime() + 90_000);
    const m = (await get('/metrics')).text;
    expect(metric(m, 'airgate_subaccounts', { status: 'active' })).toBe(2);
    expect(metric(m, 'airgate_subaccounts', { status: 'disabled' })).toBe(1);
    expect(metric(m, 'airgate_outbox_pending')).toBe(2);
    expect(metric(m, 'airgate_outbox_oldest_pending_age_seconds')).toBe(90);
  });

  it('counts Volcengine calls by action and outcome, and errors by action', async () => {
    const before = (await get('/metrics')).text;
    const count = (text: string, labels: Record<string, string>) =>
      metric(text, 'airgate_volc_calls_total', labels) ?? 0;
    await listUsers(await deps.volc(accountId), { Limit: 1 });
    const wrong = new VolcClient({
      credentials: { accessKeyId: sims.creds.volc.accessKeyId, secretAccessKey: 'not-the-secret' },
      endpoint: sims.volc.url,
    });
    await expect(listUsers(wrong, { Limit: 1 })).rejects.toThrow(/SignatureDoesNotMatch/);
    const after = (await get('/metrics')).text;
    expect(
      count(after, { action: 'ListUsers', outcome: 'ok' }) -
        count(before, { action: 'ListUsers', outcome: 'ok' }),
    ).toBe(1);
    expect(
      count(after, { action: 'ListUsers', outcome: 'SignatureDoesNotMatch' }) -
        count(before, { action: 'ListUsers', outcome: 'SignatureDoesNotMatch' }),
    ).toBe(1);
    const errors = (t: string) => metric(t, 'airgate_volc_errors_total', { action: 'ListUsers' }) ?? 0;
    expect(errors(after) - errors(before)).toBe(1);
    expect(after).not.toContain('not-the-secret');
    expect(after).toContain('# TYPE airgate_volc_call_duration_seconds histogram');
  });

  it('says the database is unreachable (503) once it is gone, and /healthz still answers', async () => {
    await deps.db.destroy();
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks[0]).toMatchObject({ name: 'database', ok: false });
    expect(r.body.checks[0]!.detail).toMatch(/unreachable/);
    expect(metric((await get('/metrics')).text, 'airgate_database_up')).toBe(0);
    expect((await get('/healthz')).status).toBe(200);
  });
});
