import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toMicro } from '../../src/domain/micro.js';
import { monthlyStatementJob } from '../../src/jobs/workers/monthlyStatement.js';
import { getStatements } from '../../src/services/statements/getStatements.js';
import { statementCsv } from '../../src/services/statements/lines.js';
import { volcRequest } from '../../src/volc/catalog.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

// One CLI process per call; a loaded machine takes seconds to start one, so the budget is wide (nothing timed).
describe.each(dbKinds())(
  'airgate statement 2026-11 on the command line (%s)',
  { timeout: 120_000 },
  (kind) => {
    let w: WatchWorld;

    /** The admin CLI against the world's database and Volcengine simulator, nothing else from this process's env. */
    function airgate(args: string[]): Promise<Run> {
      const clean = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => !/^(VOLC_|FEISHU_|AIRGATE_|DATABASE_URL|NODE_ENV|LOG_LEVEL)/.test(k),
        ),
      );
      const db = w.db.config;
      const env = {
        ...clean,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.type === 'sqlite' ? `sqlite:${db.path}` : db.url,
        VOLC_ENDPOINT: w.volc.url,
        VOLC_ACCESS_KEY_ID: w.volc.credentials.accessKeyId,
        VOLC_SECRET_ACCESS_KEY: w.volc.credentials.secretAccessKey,
      };
      return new Promise((resolve) => {
        const child = execFile(
          process.execPath,
          [bin, ...args],
          { env, timeout: 60_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
        );
        child.stdin?.end('');
      });
    }

    /** The month's split bill, every row read one by one, in micro-yuan. */
    async function billMicro(): Promise<bigint> {
      const client = await w.deps.volc(w.accountId);
      const page = z
        .object({ List: z.array(z.object({ PayableAmount: z.string() }).loose()), Total: z.coerce.number() })
        .loose();
      let billed = 0n;
      for (let offset = 0, total = 1; offset < total; offset += 300) {
        const p = await client.call(
          volcRequest('ListSplitBillDetail', {
            BillPeriod: '2026-11',
            Limit: 300,
            Offset: offset,
            NeedRecordNum: 1,
          }),
          page,
        );
        total = p.Total;
        for (const row of p.List) billed += toMicro(row.PayableAmount)!;
      }
      return billed;
    }

    beforeAll(async () => {
      w = await openWatchWorld(kind, {
        start: '2026-11-12T00:00:00Z',
        seed: {
          projects: [{ projectName: 'p-alpha' }, { projectName: 'p-beta' }, { projectName: 'p-orphan' }],
          users: [simUser('alice'), simUser('bob')],
          burns: [
            { project: 'p-alpha', ratePerHour: '1.234567', noise: 0.3 },
            { project: 'p-beta', ratePerHour: '0.7', noise: 0.2 },
            { project: 'p-orphan', ratePerHour: '0.333333' },
          ],
          oddBillRows: true,
        },
      });
      await w.addSub('alice', ['p-alpha'], { quota: '400' });
      await w.addSub('bob', ['p-beta'], { quota: '60' });
      await w.check();
      await w.advance(6 * 86_400_000);
      await w.check();
      await w.allocate((await w.sub('alice')).id, '88.88');
      await w.advance(12 * 86_400_000);
      await w.check();
      // The bill is final on 5 December after 10:00 Shanghai: the job writes the statement then.
      w.volc.advance(Date.parse('2026-12-05T03:00:00Z') - w.volc.now().getTime());
      await monthlyStatementJob(w.deps);
    }, 180_000);
    afterAll(async () => {
      await w?.close();
    });

    it('prints the statement as CSV whose project spending adds up exactly to the month’s bill', async () => {
      const run = await airgate(['statement', '2026-11']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const [header, ...rows] = run.stdout.trim().split(/\r?\n/);
      expect(header).toBe(
        'period,account,kind,sub_account,project,quota_start,allocations,deductions,spending,remaining,alerts,disables',
      );
      const cells = rows.map((r) => r.split(','));
      const col = (name: string) => header!.split(',').indexOf(name);
      const spent = cells
        .filter((c) => c[col('kind')] === 'project')
        .reduce((sum, c) => sum + toMicro(c[col('spending')]!)!, 0n);
      const billed = await billMicro();
      expect(billed).toBeGreaterThan(0n);
      expect(spent).toBe(billed);
      // Each sub-account's month closes: start + allocations − deductions − spending = remaining.
      const subs = cells.filter((c) => c[col('kind')] === 'sub_account');
      expect(subs.map((c) => c[col('sub_account')]).sort()).toEqual(['alice', 'bob']);
      for (const c of subs) {
        const v = (n: string) => toMicro(c[col(n)]!)!;
        expect(v('quota_start') + v('allocations') - v('deductions') - v('spending')).toBe(v('remaining'));
      }
      expect(subs.find((c) => c[col('sub_account')] === 'alice')![col('allocations')]).toBe('488.880000');
      // The same statement the API and the Base get.
      const stored = await getStatements(w.deps, '2026-11');
      expect(run.stdout).toBe(
        statementCsv(stored.map((s) => ({ period: s.period, account: s.account, lines: s.lines }))),
      );
      console.log(`\n--- airgate statement 2026-11 (${kind}) ---\n${run.stdout}`);
    });

    it('refuses a month that is not one, with the usage exit code', async () => {
      const run = await airgate(['statement', '2026-13']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
    });
  },
);
