import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/airgate.mjs', import.meta.url));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FEISHU_')));

function run(
  args: string[],
  env: NodeJS.ProcessEnv = cleanEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `airgate feishu-sim` and resolves with its printed lines once it is listening. */
function startSim(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'feishu-sim', '--port', '0', ...args], { env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('admin:')) resolve({ child, out });
    });
    child.on('close', (code) => reject(new Error(`feishu-sim exited ${code}: ${out}`)));
  });
}

describe('the airgate feishu-sim and chat commands', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGTERM');
  });

  it('prints the URL and the demo credentials, and chat --json reports an undelivered message with exit 6', async () => {
    const { child, out } = await startSim(['--event-url', ''], cleanEnv);
    children.push(child);
    const url = /FEISHU_BASE_URL=(\S+)/.exec(out)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain('FEISHU_APP_ID=cli_a17ea7e0de000001');
    expect(out).toContain('FEISHU_APP_SECRET=demo-airgate-app-secret-not-for-production');
    const chat = await run([
      'chat',
      '--as',
      'Alice',
      '--sim',
      url,
      '--say',
      'ping',
      '--json',
      '--timeout',
      '500',
    ]);
    expect(chat.code).toBe(6);
    const result = JSON.parse(chat.stdout) as {
      as: { name: string };
      sent: { delivered: boolean; error: string };
    };
    expect(result.as.name).toBe('Alice');
    expect(result.sent).toMatchObject({ delivered: false, error: 'no event url and no long connection' });
  }, 30_000);

  it('uses FEISHU_* from the environment without printing the secrets', async () => {
    const env = {
      ...cleanEnv,
      FEISHU_APP_ID: 'cli_0123456789abcdef',
      FEISHU_APP_SECRET: 'planted-secret-canary-1',
      FEISHU_ENCRYPT_KEY: 'planted-secret-canary-2',
      FEISHU_VERIFICATION_TOKEN: 'planted-secret-canary-3',
    };
    const { child, out } = await startSim(['--no-demo'], env);
    children.push(child);
    expect(out).toContain('FEISHU_APP_ID=cli_0123456789abcdef');
    expect(out).not.toMatch(/planted-secret-canary/);
    const url = /FEISHU_BASE_URL=(\S+)/.exec(out)?.[1] ?? '';
    const token = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: 'cli_0123456789abcdef', app_secret: 'planted-secret-canary-1' }),
    });
    expect(((await token.json()) as { code: number }).code).toBe(0);
  }, 30_000);

  it('exits 2 with a reason for an unknown user', async () => {
    const { child, out } = await startSim([], cleanEnv);
    children.push(child);
    const url = /FEISHU_BASE_URL=(\S+)/.exec(out)?.[1] ?? '';
    const res = await run(['chat', '--as', 'Mallory', '--sim', url, '--say', 'hi', '--lang', 'en']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('error: no user Mallory in the simulator\n');
  }, 30_000);
});
