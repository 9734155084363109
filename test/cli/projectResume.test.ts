import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';

type SqliteFile = {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  close(): void;
};
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => SqliteFile;
const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

// Each step starts a CLI process (several seconds on a loaded machine); no timing is asserted.
describe('airgate project toggle: resuming a paused project', { timeout: 120_000 }, () => {
  let sim: VolcSim;
  let dir: string;
  let env: Record<string, string>;

  function airgate(args: string[], locale = 'zh'): Promise<Run> {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(VOLC_|FEISHU_|AIRGATE_|DATABASE_URL|NODE_ENV|LOG_LEVEL|LANG|LC_)/.test(k),
      ),
    );
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [bin, ...args],
        { env: { ...clean, ...env, AIRGATE_LOCALE: locale }, timeout: 30_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
      child.stdin?.end('');
    });
  }

  /** The open pause began three days ago (the CLI runs on the wall clock). */
  function pausedThreeDaysAgo(): void {
    const db = new Database(join(dir, 'airgate.sqlite'));
    const at = new Date(Date.now() - 3 * 86_400_000).toISOString().replace('T', ' ').replace('Z', '');
    db.prepare('UPDATE project_pauses SET paused_at = ? WHERE resumed_at IS NULL').run(at);
    db.close();
  }

  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 3,
      seed: { projects: [{ projectName: 'p1' }, { projectName: 'p2' }], users: [{ userName: 'legacy' }] },
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
    expect((await airgate(['user', 'import', 'legacy'])).code).toBe(0);
    expect((await airgate(['project', 'add', 'legacy', 'p1'])).code).toBe(0);
    expect((await airgate(['project', 'add', 'legacy', 'p2'])).code).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to guess (exit 2, nothing changed) and names the paused days; --skip-paused resumes once', async () => {
    expect((await airgate(['project', 'toggle', 'legacy', 'p1', '--off'])).code).toBe(0);
    pausedThreeDaysAgo();
    const refused = await airgate(['project', 'toggle', 'legacy', 'p1', '--on']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--skip-paused');
    expect(refused.stderr).toContain('--count-paused');
    expect(refused.stderr).toMatch(/p1：.* 暂停；\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2} 的消费 金额未知/);
    expect(refused.stderr).toContain('暂停当天和恢复当天的消费照常计入');

    const both = await airgate([
      'project',
      'toggle',
      'legacy',
      'p1',
      '--on',
      '--skip-paused',
      '--count-paused',
    ]);
    expect(both.code).toBe(2);

    const done = await airgate(['project', 'toggle', 'legacy', 'p1', '--on', '--skip-paused', '--json']);
    expect(done.code).toBe(0);
    const body = JSON.parse(done.stdout) as {
      monitored: boolean;
      changed: boolean;
      pausedSpending: { decision: string; periods: Array<{ project: string; spending: string | null }> };
    };
    expect(body).toMatchObject({ monitored: true, changed: true, pausedSpending: { decision: 'skip' } });
    expect(body.pausedSpending.periods).toEqual([expect.objectContaining({ project: 'p1', spending: null })]);

    const again = await airgate(['project', 'toggle', 'legacy', 'p1', '--on', '--count-paused', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ monitored: true, changed: false });
  });

  it('--all asks once for every paused project (en) and --count-paused resumes them all', async () => {
    expect((await airgate(['project', 'toggle', 'legacy', '--all', '--off'])).code).toBe(0);
    pausedThreeDaysAgo();
    const refused = await airgate(['project', 'toggle', 'legacy', '--all', '--on'], 'en');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('choose whether it counts before resuming');
    expect(refused.stderr).toMatch(/p1: paused/);
    expect(refused.stderr).toMatch(/p2: paused/);
    const done = await airgate(['project', 'toggle', 'legacy', '--all', '--on', '--count-paused'], 'en');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('monitoring on for 2 of 2 project(s)');
    expect(done.stdout).toContain('p1: the paused period counts');
  });
});
