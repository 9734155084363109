import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sim/sandbox.js';
import { VolcClient } from '../../src/volc/client.js';
import { listAllUsers } from '../../src/volc/actions/users.js';

describe('the sandbox', () => {
  let dir: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-'));
    sandbox = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves AirGate on SQLite beside a seeded Volcengine simulator, with no credentials configured', async () => {
    const health = await fetch(`${sandbox.airgate.url}/healthz`);
    expect(health.status).toBe(200);
    expect(sandbox.config.database).toEqual({ type: 'sqlite', path: join(dir, 'airgate.sqlite') });
    expect(sandbox.config.volc.endpoint).toBe(sandbox.volc.url);

    const client = new VolcClient({
      credentials: sandbox.volc.credentials,
      region: sandbox.config.volc.region,
      endpoint: sandbox.config.volc.endpoint,
    });
    const names: string[] = [];
    for await (const u of listAllUsers(client)) names.push(u.UserName);
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(names).toContain('zhangsan');
  });
});
