import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { shownQuota, shownSum } from '../../src/cli/table.js';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';

type SqliteFile = { prepare(sql: string): { run(...params: unknown[]): unknown }; close(): void };
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => SqliteFile;
const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

/** Sums a column of printed amounts the way a reader does: as the 2-decimal figures they see. */
const add = (...shown: string[]) => shown.reduce((s, v) => s.plus(money(v)), money('0')).toFixed(2);

describe('CLI totals add up to what the rows show', () => {
  it('sums rounded rows, and remaining = quota − spent as printed', () => {
    expect(shownSum([money('0.125'), money('0.125'), money('0.125')]).toFixed(2)).toBe('0.39');
    const q = shownQuota({ quota: money('100'), spent: money('59.995') });
    expect([q.quota, q.spent, q.remaining].map((m) => m.toFixed(2))).toEqual(['100.00', '60.00', '40.00']);
  });
});

describe(
  'airgate user show / user list / quota allocate on amounts with more than 2 decimals',
  { timeout: 120_000 },
  () => {
    let sim: VolcSim;
    let dir: string;
    let env: Record<string, string>;
    const airgate = (args: string[]): Promise<Run> => {
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
    };

    beforeAll(async () => {
      sim = await startVolcSim({
        rngSeed: 3,
        seed: {
          projects: ['p1', 'p2', 'p3', 'p4', 'p5'].map((projectName) => ({ projectName })),
          users: [{ userName: 'legacy' }, { userName: 'other' }],
        },
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
      for (const u of ['legacy', 'other']) expect((await airgate(['user', 'import', u])).code).toBe(0);
      for (const p of ['p1', 'p2', 'p3', 'p5'])
        expect((await airgate(['project', 'add', 'legacy', p])).code).toBe(0);
      expect((await airgate(['project', 'add', 'other', 'p4'])).code).toBe(0);
      expect((await airgate(['project', 'toggle', 'legacy', 'p5', '--off'])).code).toBe(0);
      // As the watch stores them: 6 decimals. legacy: 0.37 exactly, its rows print 0.13 + 0.12 + 0.13 = 0.38;
      // other: 0.245, so its exact remaining 0.755 would print 0.76 beside 1.00 and 0.25.
      const db = new Database(join(dir, 'airgate.sqlite'));
      const set = db.prepare('UPDATE sub_account_projects SET spent = ? WHERE project_name = ?');
      const spent = { p1: '0.125', p2: '0.120', p3: '0.125', p4: '0.245', p5: '0.333' };
      for (const [p, v] of Object.entries(spent)) set.run(`${v}000`, p);
      db.close();
    });
    afterAll(async () => {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('quota allocate prints quota − spent = remaining as shown', async () => {
      expect((await airgate(['quota', 'allocate', 'legacy', '1', '--note', 'x'])).code).toBe(0);
      const r = await airgate(['quota', 'allocate', 'other', '1', '--note', 'x']);
      expect(r.code).toBe(0);
      // exact: spent 0.245 → 0.25, remaining 0.755 → would print 0.76; 1.00 − 0.25 = 0.75
      expect(r.stdout).toContain('额度 1.00，已用 0.25');
      expect(r.stdout).toContain('剩余 0.75');
    });

    it('user show: the spent line is the sum of the monitored rows as printed', async () => {
      const r = await airgate(['user', 'show', 'legacy']);
      expect(r.code).toBe(0);
      const row = (p: string) => new RegExp(`^${p}\\s.*?\\s(\\d+\\.\\d\\d)\\s`, 'm').exec(r.stdout)?.[1];
      expect([row('p1'), row('p2'), row('p3'), row('p5')]).toEqual(['0.13', '0.12', '0.13', '0.33']);
      const field = (k: string) => new RegExp(`^${k}\\s+(-?\\d+\\.\\d\\d)`, 'm').exec(r.stdout)?.[1];
      expect(field('已用')).toBe('0.38');
      expect(field('已用')).toBe(add(row('p1')!, row('p2')!, row('p3')!));
      expect(r.stdout).toContain('监控中项目之和');
      expect(add(field('额度')!, `-${field('已用')!}`)).toBe(field('剩余'));
    });

    it('user list: each row reads quota − spent = remaining', async () => {
      const r = await airgate(['user', 'list']);
      expect(r.code).toBe(0);
      const line = r.stdout.split('\n').find((l) => l.startsWith('other'))!;
      const [quota, spent, remaining] = line.match(/-?\d+\.\d\d/g)!;
      expect([quota, spent, remaining]).toEqual(['1.00', '0.25', '0.75']);
    });
  },
);
