import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';

const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

// Each step starts a CLI process; a loaded 2-core machine takes several seconds per start, so a test of
// several steps gets a wider budget than the default (no timing is asserted).
describe(
  'the airgate admin CLI against the Volcengine simulator and a SQLite file',
  { timeout: 120_000 },
  () => {
    let sim: VolcSim;
    let dir: string;
    let env: Record<string, string>;
    const secretsSeen: string[] = [];

    function airgate(args: string[], input?: string): Promise<Run> {
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
        child.stdin?.end(input ?? '');
      });
    }
    const json = <T>(r: Run): T => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as T;
    };

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
    });
    afterAll(async () => {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('user create prints the SecretAccessKey once; it works on Volcengine and is stored nowhere', async () => {
      const created = json<{
        userName: string;
        accessKeyId: string;
        secretAccessKey: string;
        project: { projectName: string };
      }>(await airgate(['user', 'create', 'alice', '--project', 'p1', '--owner', 'ou_lead', '--json']));
      secretsSeen.push(created.secretAccessKey);
      expect(created).toMatchObject({ userName: 'alice', project: { projectName: 'p1' } });
      const alice = sim.state().users.find((u) => u.userName === 'alice')!;
      expect(alice.accessKeys).toEqual([
        { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey, status: 'active' },
      ]);
      expect(alice.policies).toEqual([
        { policyName: 'ArkFullAccess', policyType: 'System', projects: ['p1'] },
        { policyName: 'TOSFullAccess', policyType: 'System', projects: ['p1'] },
      ]);
      const stored = readdirSync(dir)
        .map((f) => readFileSync(join(dir, f)).toString('latin1'))
        .join('');
      expect(stored).toContain(created.accessKeyId);
      expect(stored).not.toContain(created.secretAccessKey);

      const table = await airgate(['user', 'list']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^子账号\s+主账号\s+状态/);
      expect(table.stdout).toMatch(/alice\s+default\s+启用\s+0\.00/);
    });

    it('quota: allocates, refuses a malformed amount with exit 2 and a too-large deduction with exit 5, keeps history', async () => {
      const alloc = json<{ balanceAfter: string; seq: number }>(
        await airgate(['quota', 'allocate', 'alice', '100.50', '--note', '首次', '--json']),
      );
      expect(alloc).toMatchObject({ balanceAfter: '100.5', seq: 1 });
      const bad = await airgate(['quota', 'deduct', 'alice', '1,000']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      const tooMuch = await airgate(['quota', 'deduct', 'alice', '500']);
      expect(tooMuch.code).toBe(5);
      expect(tooMuch.stderr).toMatch(/^error: .*at most 100\.50 can be deducted\n$/);
      const history = json<{
        entries: Array<{ amount: string; note: string; operator: string; source: string }>;
      }>(await airgate(['quota', 'history', 'alice', '--json']));
      expect(history.entries).toEqual([
        expect.objectContaining({
          amount: '100.5',
          note: '首次',
          source: 'cli',
          operator: expect.stringMatching(/^cli:/),
        }),
      ]);
    });

    it('user disable and enable turn exactly the recorded key off and on again', async () => {
      const off = await airgate(['user', 'disable', 'alice', '--reason', 'audit']);
      expect(off.code).toBe(0);
      expect(sim.state().users.find((u) => u.userName === 'alice')!.accessKeys[0]!.status).toBe('inactive');
      const on = json<{ status: string; keysRestored: string[] }>(
        await airgate(['user', 'enable', 'alice', '--json']),
      );
      expect(on.status).toBe('active');
      expect(on.keysRestored).toHaveLength(1);
      expect(sim.state().users.find((u) => u.userName === 'alice')!.accessKeys[0]!.status).toBe('active');
    });

    it('project add refuses a project watched for someone else, naming them; toggle and remove work', async () => {
      expect((await airgate(['user', 'import', 'legacy'])).code).toBe(0);
      const taken = await airgate(['project', 'add', 'legacy', 'p1']);
      expect(taken.code).toBe(5);
      expect(taken.stderr).toMatch(/alice/);
      expect((await airgate(['project', 'add', 'legacy', 'p2'])).code).toBe(0);
      const off = json<{ monitored: boolean }>(
        await airgate(['project', 'toggle', 'legacy', 'p2', '--off', '--json']),
      );
      expect(off.monitored).toBe(false);
      expect((await airgate(['project', 'remove', 'legacy', 'p2'])).code).toBe(0);
      expect(sim.state().users.find((u) => u.userName === 'legacy')!.policies).toEqual([]);
    });

    it('apikey create --json prints {"id","key",…} once; list and revoke never show it', async () => {
      const k = json<{ id: string; key: string; scopes: string[] }>(
        await airgate(['apikey', 'create', '--name', 'crm', '--scopes', 'read,request', '--json']),
      );
      secretsSeen.push(k.key);
      expect(k).toMatchObject({
        id: expect.any(String),
        key: expect.stringMatching(/^ag_/),
        scopes: ['read', 'request'],
      });
      const revoked = await airgate(['apikey', 'revoke', 'crm']);
      expect(revoked.code).toBe(0);
      const list = await airgate(['apikey', 'list', '--json']);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({ id: k.id, name: 'crm', revokedAt: expect.any(String) }),
      ]);
      expect(list.stdout).not.toContain(k.key);
    });

    it('account add reads the secret from stdin, never argv, and stores it only encrypted', async () => {
      const secret = 'c2VjcmV0LWZvci10aGUtY2xpLXRlc3QtYWNjb3VudA==';
      secretsSeen.push(secret);
      const added = await airgate(
        ['account', 'add', 'acme', '--access-key-id', 'AKLTacmeTest0001', '--json'],
        `${secret}\n`,
      );
      expect(JSON.parse(added.stdout)).toMatchObject({
        name: 'acme',
        accessKeyId: 'AKLTacmeTest0001',
        source: 'db',
      });
      const stored = readdirSync(dir)
        .map((f) => readFileSync(join(dir, f)).toString('latin1'))
        .join('');
      expect(stored).not.toContain(secret);
      const ambiguous = await airgate(['user', 'sync']);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toMatch(/acme/);
      const removed = await airgate(['account', 'remove', 'acme']);
      expect(removed.code).toBe(0);
      for (const s of secretsSeen.slice(0, -1))
        expect(added.stdout + added.stderr + removed.stdout).not.toContain(s);
    });

    it('settings set changes any setting (the ladder, contract billing), list shows it, a bad one is refused', async () => {
      const set = json<{ changed: string[] }>(
        await airgate(['settings', 'set', 'contractBilling=true', 'arkThrottlePercent=0', '--json']),
      );
      expect(set.changed.sort()).toEqual(['arkThrottlePercent', 'contractBilling']);
      const listed = json<Record<string, unknown>>(await airgate(['settings', 'list', '--json']));
      expect(listed).toMatchObject({ contractBilling: true, arkThrottlePercent: 0, requestExpiryHours: 72 });
      const bad = await airgate(['settings', 'set', 'requestExpiryHours=720']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^error: [^\n]*requestExpiryHours[^\n]*336[^\n]*\n$/);
      const back = json<{ changed: string[] }>(
        await airgate(['settings', 'set', 'contractBilling=false', '--json']),
      );
      expect(back.changed).toEqual(['contractBilling']);
    });

    it('errors exit non-zero with a one-line reason', async () => {
      const r = await airgate(['user', 'show', 'nobody']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^error: [^\n]*nobody[^\n]*\n$/);
      expect(r.stdout).toBe('');
    });
  },
);
