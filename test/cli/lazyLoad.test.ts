import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS, programFor } from '../../src/cli/program.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'airgate-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A loader hook that writes down every module the CLI loads.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.MODULE_LOG, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(
  join(dir, 'register.mjs'),
  `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});
`,
);

/** The source modules of ours that `airgate <args>` loads. */
async function modulesLoadedBy(args: string[], all = false): Promise<string[]> {
  const log = join(dir, `${args.join('_').replace(/\W/g, '')}.log`);
  writeFileSync(log, '');
  const hooks = pathToFileURL(join(dir, 'register.mjs')).href;
  const main = join(root, 'src/cli/main.ts');
  // tsx first, then the recorder: the hook registered last runs first.
  await promisify(execFile)(process.execPath, ['--import', 'tsx/esm', '--import', hooks, main, ...args], {
    cwd: root,
    env: { ...process.env, MODULE_LOG: log },
  });
  const prefix = pathToFileURL(root).href;
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => all || (u.startsWith(prefix) && !u.includes('/node_modules/')))
    .map((u) => (u.startsWith(prefix) ? u.slice(prefix.length + 1) : u));
}

describe('airgate loads what a command needs', () => {
  it('--help loads no command module: neither a simulator nor the server, the deps, typeorm or the SDKs', async () => {
    const loaded = await modulesLoadedBy(['--help']);
    expect(loaded).toContain('src/cli/program.ts');
    expect(loaded.filter((m) => m.startsWith('src/cli/commands/'))).toEqual([]);
    expect(loaded.filter((m) => m.startsWith('src/sim/') || m.startsWith('src/db/'))).toEqual([]);
    expect(loaded.filter((m) => /^src\/(server|app|deps)\.ts$|^src\/services\/watch\//.test(m))).toEqual([]);
  });
});

describe('airgate --help without the command modules', () => {
  const help = (p: Command) => {
    let out = '';
    p.configureOutput({ writeOut: (s) => (out += s) });
    p.outputHelp();
    return out;
  };

  it.each(['zh', 'en'])('lists every command exactly as the loaded commands do (%s)', async (locale) => {
    const saved = process.env.AIRGATE_LOCALE;
    process.env.AIRGATE_LOCALE = locale;
    try {
      expect(help(await programFor(['node', 'airgate', '--help']))).toBe(help(await buildProgram()));
    } finally {
      if (saved === undefined) delete process.env.AIRGATE_LOCALE;
      else process.env.AIRGATE_LOCALE = saved;
    }
  });

  it('loads the one command asked for, also through `help <command>`', async () => {
    const names = (p: Command) => p.commands.map((c) => c.name());
    expect(names(await programFor(['node', 'airgate', 'quota', 'allocate', '--help']))).toEqual(['quota']);
    expect(names(await programFor(['node', 'airgate', 'help', 'user']))).toEqual(['user']);
    expect(names(await programFor(['node', 'airgate']))).toEqual(COMMANDS.map((c) => c.name));
  });

  it('--help loads neither typeorm nor a database driver nor an SDK', async () => {
    const loaded = await modulesLoadedBy(['--help'], true);
    expect(
      loaded.filter((m) =>
        /\/node_modules\/(typeorm|mysql2|better-sqlite3|@larksuiteoapi|zod|pino)\//.test(m),
      ),
    ).toEqual([]);
  });
});
