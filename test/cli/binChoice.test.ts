import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// bin/airgate.mjs in a checkout of its own: a source main and a "compiled" main that say which ran.
describe('bin/airgate.mjs runs the build when it is up to date, else the sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airgate-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'bin/airgate.mjs'), join(dir, 'bin/airgate.mjs'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'tsconfig.json'), '{}');
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
  mkdirSync(join(dir, 'src/cli'), { recursive: true });
  writeFileSync(join(dir, 'src/cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  mkdirSync(join(dir, 'dist/src/cli'), { recursive: true });
  writeFileSync(join(dir, 'dist/src/cli/main.js'), "console.log('build');\n");
  const run = async (env: Record<string, string> = {}) =>
    (
      await promisify(execFile)(process.execPath, [join(dir, 'bin/airgate.mjs')], {
        env: { ...process.env, AIRGATE_FROM_SOURCE: '', ...env },
      })
    ).stdout.trim();
  const age = (file: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(dir, file), t, t);
  };

  it('a build newer than every source runs', async () => {
    for (const f of ['src/cli/main.ts', 'tsconfig.json']) age(f, 60);
    age('dist/src/cli/main.js', 10);
    expect(await run()).toBe('build');
    expect(await run({ AIRGATE_FROM_SOURCE: '1' })).toBe('sources');
  });

  it('a source edited after the build wins: the build is stale', async () => {
    age('dist/src/cli/main.js', 60);
    age('src/cli/main.ts', 10);
    expect(await run()).toBe('sources');
  });
});
