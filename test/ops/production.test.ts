import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import {
  ADMIN,
  ENTRYPOINT,
  ROOT,
  eventually,
  metric,
  opsVolcSeed,
  productionEnv,
  run,
  seedInstall,
  startSims,
  type Child,
  type Sims,
} from './support.js';
import { migrations } from '../../migrations/index.js';

// Each test starts AirGate as a child process (TypeScript compiled on the fly): allow for a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const healthcheck = (port: number) =>
  run(process.execPath, [`${ROOT}/docker/healthcheck.mjs`], { PORT: String(port) });

describe.each(dbKinds())('the production image entrypoint on %s, against the simulators', (kind) => {
  let db: TestDatabase;
  let sims: Sims;
  let env: Record<string, string>;
  let server: Child | undefined;
  let url = '';

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sims = await startSims({ volcSeed: opsVolcSeed() });
    env = productionEnv(sims, db);
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await sims?.close();
    await db?.drop();
  });

  it('`migrate` finds the database ready and migrates it', async () => {
    const migrate = run('sh', [ENTRYPOINT, 'migrate'], env);
    const done = await migrate.exited;
    expect(migrate.stderr()).toMatch(/database ready: (sqlite:|mysql:\/\/127\.0\.0\.1:3306\/)/);
    expect(migrate.stdout()).toMatch(`applied ${migrations.length} migration(s)`);
    expect(done.code).toBe(0);
  });

  it('`serve` in production mode answers /healthz, /readyz and /metrics, and the image health check passes', async () => {
    await seedInstall(sims, env, db);
    server = run('sh', [ENTRYPOINT, 'serve', '--port', '0', '--host', '127.0.0.1'], env);
    url = (await server.waitFor(/AirGate listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    expect(server.stderr()).toMatch(/database schema is up to date/);
    sims.feishu.setEventUrl(`${url}/feishu/events`);

    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'cycle', ok: true },
      ],
    });

    const check = healthcheck(Number(new URL(url).port));
    expect((await check.exited).code).toBe(0);
  });

  it('/metrics shows the first cycle, its Volcengine calls, sub-accounts, the event acknowledged and the reply sent', async () => {
    const said = await sims.feishu.say({ from: ADMIN.openId, text: 'ping' });
    expect(said.delivered).toBe(true);
    await eventually('the pong', async () =>
      sims.feishu.messages({ openId: ADMIN.openId }).some((m) => m.text === 'pong'),
    );
    // The scheduler's first tick comes 5 s after start.
    const m = await eventually(
      'a finished cycle in /metrics',
      async () => {
        const text = (await get('/metrics')).text;
        return metric(text, 'airgate_watch_last_cycle_success') === 1 ? text : undefined;
      },
      60_000,
    );
    expect(metric(m, 'airgate_database_up')).toBe(1);
    expect(metric(m, 'airgate_subaccounts', { status: 'active' })).toBe(1);
    expect(
      metric(m, 'airgate_volc_calls_total', { action: 'ListSplitBillDetail', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(metric(m, 'airgate_watch_last_cycle_duration_seconds')).toBeGreaterThan(0);
    expect(metric(m, 'airgate_feishu_ack_seconds_count', { status: '200' })).toBeGreaterThanOrEqual(1);
    expect(metric(m, 'airgate_outbox_deliveries_total', { result: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(metric(m, 'airgate_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(metric(m, 'airgate_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(metric(m, 'airgate_process_resident_memory_bytes')).toBeGreaterThan(0);
    for (const secret of [
      sims.creds.volc.secretAccessKey,
      sims.creds.feishu.appSecret,
      sims.creds.feishu.encryptKey,
    ]) {
      expect(m).not.toContain(secret);
    }
    const ready = JSON.parse((await get('/readyz')).text) as { checks: Array<{ detail: string }> };
    expect(ready.checks[1]!.detail).toMatch(/^last cycle #1 finished 0 min ago \(done\)/);
  });

  it('stops on SIGTERM by itself, exit code 0, and the health check then fails', async () => {
    const port = Number(new URL(url).port);
    server!.kill('SIGTERM');
    const exit = await server!.exited;
    // it stopped by itself, not killed (a hang would end in the test's timeout)
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(server!.stderr()).toMatch(/AirGate stopping \(SIGTERM\)…\n[\s\S]*AirGate stopped\n/);
    const check = healthcheck(port);
    expect((await check.exited).code).toBe(1);
    expect(check.stdout()).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
