import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/loadConfig.js';
import { createDeps } from '../../src/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

describe('where serve listens and who reads /metrics', () => {
  let db: TestDatabase | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    await db?.drop();
    server = undefined;
  });

  async function start(env: NodeJS.ProcessEnv, opts: { metricsPort?: number } = {}) {
    db = await createTestDatabase('sqlite');
    const config: Config = { ...loadConfig({ ...env, PORT: '0' }), database: db.config };
    server = await startServer(createDeps(config, { log: createLogger('silent') }), {
      scheduler: false,
      ...opts,
    });
    return server;
  }

  it('listens on loopback only by default', async () => {
    const s = await start({});
    expect(s.host).toBe('127.0.0.1');
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('answers /metrics only with METRICS_TOKEN as a bearer token', async () => {
    const s = await start({ METRICS_TOKEN: 'metrics-token-0123456789' });
    const none = await fetch(`${s.url}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.text()).not.toContain('process_');
    const wrong = await fetch(`${s.url}/metrics`, {
      headers: { authorization: 'Bearer metrics-token-0123456788' },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${s.url}/metrics`, {
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('process_');
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('serves /metrics on METRICS_PORT only, not on the public port', async () => {
    const s = await start({}, { metricsPort: 0 });
    expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
    expect(s.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(s.metricsUrl!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('process_');
    expect((await fetch(s.metricsUrl!.replace('/metrics', '/api/v1/subaccounts'))).status).toBe(404);
  });
});
