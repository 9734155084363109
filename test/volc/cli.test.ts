import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../src/sim/volc/server.js';

const bin = fileURLToPath(new URL('../../bin/airgate.mjs', import.meta.url));

type Run = { code: number; stdout: string; stderr: string };

function airgate(args: string[], env: Record<string, string>): Promise<Run> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VOLC_|FEISHU_|AIRGATE_|NODE_ENV|LOG_LEVEL)/.test(k)),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...clean, NODE_ENV: 'test', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('airgate volc', () => {
  let sim: VolcSim;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startVolcSim({
      rngSeed: 11,
      clock: { mode: 'virtual', start: new Date('2024-05-10T04:00:00Z') },
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'p1' }, { projectName: 'p2' }],
        users: [{ userName: 'alice', accessKeys: [{}] }, { userName: 'bob' }],
        burns: [
          { project: 'p1', user: 'alice', ratePerHour: '2', since: '2024-05-09T16:00:00Z' },
          { project: 'p2', ratePerHour: '1', since: '2024-05-09T16:00:00Z' },
        ],
      },
    });
    env = {
      VOLC_ENDPOINT: sim.url,
      VOLC_ACCESS_KEY_ID: sim.credentials.accessKeyId,
      VOLC_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
    };
  });
  afterAll(() => sim.close());

  it('prints the Result of ListUsers as JSON', async () => {
    const r = await airgate(['volc', 'ListUsers', 'Limit=5'], env);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { UserMetadata: Array<{ UserName: string }>; Total: number };
    expect(result.UserMetadata.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(result.Total).toBe(2);
    expect(r.stdout + r.stderr).not.toContain(sim.credentials.secretAccessKey);
  });

  it('a wrong secret prints Code: Message (RequestId …) and exits 6, printing no secret', async () => {
    const wrong = 'd3Jvbmctc2VjcmV0LWNsaS10ZXN0LTAwMQ==';
    const r = await airgate(['volc', 'ListUsers'], { ...env, VOLC_SECRET_ACCESS_KEY: wrong });
    expect(r.code).toBe(6);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^SignatureDoesNotMatch: .+ \(RequestId \w+\)$/);
    expect(r.stderr).not.toContain(wrong);
  });

  it('sends list parameters as ProjectName.1, ProjectName.2 on GET actions', async () => {
    const attach = await airgate(
      [
        'volc',
        'AttachPolicyInProject',
        'PrincipalType=User',
        'PrincipalName=bob',
        'PolicyName=ArkFullAccess',
        'PolicyType=System',
        'ProjectName.1=p1',
        'ProjectName.2=p2',
      ],
      env,
    );
    expect(attach.code).toBe(0);
    expect(JSON.parse(attach.stdout)).toEqual({});
    const list = await airgate(['volc', 'ListAttachedUserPolicies', 'UserName=bob'], env);
    const policies = JSON.parse(list.stdout) as {
      AttachedPolicyMetadata: Array<{ PolicyName: string; PolicyScope: Array<{ ProjectName: string }> }>;
    };
    expect(policies.AttachedPolicyMetadata[0]?.PolicyScope.map((s) => s.ProjectName).sort()).toEqual([
      'p1',
      'p2',
    ]);
  });

  it('turns Key=Value into a typed JSON body for billing actions', async () => {
    const r = await airgate(
      [
        'volc',
        'ListSplitBillDetail',
        'BillPeriod=2024-05',
        'Limit=10',
        'NeedRecordNum=1',
        'GroupPeriod=1',
        'Project.1=p1',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      List: Array<{ Project: string; PayableAmount: string }>;
      Total: number;
    };
    expect(result.Total).toBe(1);
    expect(result.List.map((row) => [row.Project, Number(row.PayableAmount)])).toEqual([['p1', 24]]);
  });

  it('never prints a secret the Result carries (CreateAccessKey)', async () => {
    const r = await airgate(['volc', 'CreateAccessKey', 'UserName=bob'], env);
    expect(r.code).toBe(0);
    const key = (JSON.parse(r.stdout) as { AccessKey: Record<string, string> }).AccessKey;
    expect(key.AccessKeyId).toMatch(/^AKLT/);
    expect(key.SecretAccessKey).toBe('[REDACTED]');
    expect(r.stderr).toContain('密钥已隐去');
    const secret = sim.state().users.find((u) => u.userName === 'bob')?.accessKeys[0]?.secretAccessKey ?? '';
    expect(secret.length).toBeGreaterThan(10);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('asks for --service and --version for an action it does not know, in Chinese by default', async () => {
    const zh = await airgate(['volc', 'DescribeInstances'], env);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('请用 --service 和 --version');
    const en = await airgate(['volc', 'ListUsers', 'Limit'], { ...env, AIRGATE_LOCALE: 'en' });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('parameter "Limit" must be Key=Value');
  });
});
