import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

// Each step starts a CLI process (several seconds on a loaded machine); no timing is asserted.
describe.each(dbKinds())('airgate audit (%s)', { timeout: 120_000 }, (kind) => {
  let db: TestDatabase;
  let env: Record<string, string>;

  function airgate(args: string[]): Promise<Run> {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(VOLC_|FEISHU_|AIRGATE_|DATABASE_URL|NODE_ENV|LOG_LEVEL)/.test(k),
      ),
    );
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [bin, ...args],
        { env: { ...clean, ...env }, timeout: 30_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
      child.stdin?.end('');
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const url = db.config.type === 'sqlite' ? `sqlite:${db.config.path}` : db.config.url;
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url!,
      AIRGATE_ENCRYPTION_KEY: 'a'.repeat(64),
    };
    expect((await airgate(['migrate'])).code).toBe(0);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('--json lists what was done, newest first, by whom, without the key that was shown once', async () => {
    const made: string[] = [];
    for (const name of ['ci', 'auditor']) {
      const r = await airgate(['apikey', 'create', '--name', name, '--scopes', 'read', '--json']);
      expect(r.code).toBe(0);
      made.push((JSON.parse(r.stdout) as { key: string }).key);
    }
    const r = await airgate(['audit', '--kind', 'apikey', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      items: Array<{ kind: string; targetName: string; actorName: string; createdAt: string }>;
      more: boolean;
    };
    expect(out.items.map((e) => [e.kind, e.targetName])).toEqual([
      ['apikey.create', 'auditor'],
      ['apikey.create', 'ci'],
    ]);
    expect(out.items[0]!.actorName).toMatch(/^CLI /);
    expect(out.more).toBe(false);
    for (const key of made) expect(r.stdout).not.toContain(key);

    const one = JSON.parse((await airgate(['audit', '--limit', '1', '--json'])).stdout) as typeof out;
    expect(one.items).toHaveLength(1);
    expect(one.more).toBe(true);
    const none = JSON.parse(
      (await airgate(['audit', '--kind', 'quota.allocate', '--json'])).stdout,
    ) as typeof out;
    expect(none.items).toEqual([]);
    const later = JSON.parse(
      (await airgate(['audit', '--since', '2999-01-01', '--json'])).stdout,
    ) as typeof out;
    expect(later.items).toEqual([]);
  });

  it('prints a table by default and refuses a bad --since or --limit', async () => {
    const table = await airgate(['audit']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('apikey.create');
    expect(table.stdout).toContain('auditor');
    const bad = await airgate(['audit', '--since', 'yesterday']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--since');
    const badLimit = await airgate(['audit', '--limit', '0']);
    expect(badLimit.code).not.toBe(0);
    expect(badLimit.stderr).toContain('--limit');
  });
});
