import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

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
async function modulesLoadedBy(args: string[]): Promise<string[]> {
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
    .filter((u) => u.startsWith(prefix) && !u.includes('/node_modules/'))
    .map((u) => u.slice(prefix.length + 1));
}

describe('airgate loads what a command needs', () => {
  it('--help loads neither a simulator nor the server, the deps or the spending watch', async () => {
    const loaded = await modulesLoadedBy(['--help']);
    expect(loaded).toContain('src/cli/program.ts');
    expect(loaded).toContain('src/cli/commands/simulators/sandbox.ts');
    expect(loaded.filter((m) => m.startsWith('src/sim/'))).toEqual([]);
    expect(loaded.filter((m) => /^src\/(server|app|deps)\.ts$|^src\/services\/watch\//.test(m))).toEqual([]);
  });
});
