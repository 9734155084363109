import { exec, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatScript, runScript } from '../../src/cli/chat/script.js';
import { ChatSession } from '../../src/cli/chat/session.js';
import { SimClient } from '../../src/cli/chat/simClient.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'airgate.mjs');

describe('airgate sandbox --no-chat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the tour with working CLI, API and doctor commands, keeps running headless, and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'sandbox', '--no-chat', '--port', '0', '--feishu-port', '0', '--data', dir, '--lang', 'en'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AIRGATE_LOCALE: 'en' } },
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

    // The commands the tour prints for the CLI, the API and doctor work as printed, on this sandbox.
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('The CLI, the REST API and doctor on this sandbox'));
    expect(at).toBeGreaterThan(0);
    const [setEnv, doctor, apikey, curl] = lines.slice(at + 1, at + 5).map((l) => l.trim());
    expect(setEnv).toMatch(/^set -a; \. .*sandbox\.env; set \+a$/);
    expect(doctor).toBe('npx airgate doctor');
    const shell = (cmd: string) =>
      promisify(exec)(`${setEnv}\n${cmd}`, { cwd: root, env: { ...process.env, AIRGATE_LOCALE: 'en' } });
    const checked = await shell(doctor!);
    expect(checked.stdout).toMatch(/Database/i);
    expect(checked.stdout).not.toMatch(/^✗/m);
    const created = await shell(`${apikey!} --json`);
    const key = (JSON.parse(created.stdout) as { key: string }).key;
    const api = /curl -H "Authorization: Bearer <key>" (\S+)$/.exec(curl!)![1]!;
    const res = await fetch(api, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('burner');

    // --lang en: the team members read English too, so a lead's reply from the bot is in English.
    const feishuUrl = /Feishu simulator\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const carol = await ChatSession.open(new SimClient(feishuUrl, (u) => u), { as: 'Carol', locale: 'en' });
    const help = await runScript(carol, {
      say: 'help',
      form: {},
      mentionBot: true,
      timeoutMs: 10_000,
      quietMs: 1000,
    });
    const text = formatScript(carol, help).join('\n');
    expect(text).toMatch(/[A-Za-z]{4,}/);
    expect(text).not.toMatch(/[\u4e00-\u9fff]{3,}/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('stopping…');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(readFileSync(join(dir, 'airgate.log'), 'utf8')).toContain('AirGate listening');
  }, 180_000);
});
