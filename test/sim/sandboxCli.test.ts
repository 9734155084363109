import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'airgate.mjs');

describe('airgate sandbox --no-chat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the tour, keeps running headless, and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'sandbox', '--no-chat', '--port', '0', '--feishu-port', '0', '--data', dir, '--lang', 'en'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AIRGATE_LOCALE: 'en' } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const until = Date.now() + 40_000;
    while (!out.includes('In another shell') && Date.now() < until && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 100));
    expect(err).toBe('');
    expect(out).toContain('AirGate sandbox ready');
    expect(out).toMatch(/Alice\s+admin/);
    expect(out).toMatch(/lisi\s+\S+\s+\d+%/);
    expect(out).toContain('/as NAME');
    const url = /AirGate\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('stopping…');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(readFileSync(join(dir, 'airgate.log'), 'utf8')).toContain('AirGate listening');
  }, 60_000);
});
