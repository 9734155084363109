import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';

const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

describe('airgate policy attach, account-wide', () => {
  let sim: VolcSim;
  let dir: string;
  let env: Record<string, string>;

  function airgate(args: string[]): Promise<Run> {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(VOLC_|FEISHU_|AIRGATE_|DATABASE_URL|NODE_ENV|LOG_LEVEL)/.test(k),
      ),
    );
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { env: { ...clean, ...env }, timeout: 120_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 5,
      seed: { projects: [{ projectName: 'p1' }], users: [{ userName: 'wide' }] },
    });
    dir = mkdtempSync(join(tmpdir(), 'airgate-cli-'));
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `sqlite:${join(dir, 'airgate.sqlite')}`,
      VOLC_ENDPOINT: sim.url,
      VOLC_ACCESS_KEY_ID: sim.credentials.accessKeyId,
      VOLC_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
      AIRGATE_ENCRYPTION_KEY: 'a'.repeat(64),
    };
    expect((await airgate(['migrate'])).code).toBe(0);
    expect((await airgate(['user', 'import', 'wide'])).code).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a policy that can spend without --account-wide (usage, exit 2), then attaches it with a warning', async () => {
    const refused = await airgate(['policy', 'attach', 'wide', 'ArkFullAccess']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('不计入任何额度');
    const done = await airgate(['policy', 'attach', 'wide', 'ArkFullAccess', '--account-wide']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('已授予 wide 策略 ArkFullAccess');
    expect(done.stdout).toContain('在其监控项目之外的消费不计入任何额度');
    const json = await airgate(['policy', 'attach', 'wide', 'ArkFullAccess', '--account-wide', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ policyName: 'ArkFullAccess', uncountedSpending: true });
  }, 180_000);
});
