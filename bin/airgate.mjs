#!/usr/bin/env node
// Runs the compiled build (dist/, from `npm run build`) when it is there and newer than every source
// file, so start-up skips compiling TypeScript; otherwise (a checkout without a build, or sources edited
// since) the CLI runs from TypeScript through tsx, so `npx airgate …` never runs a stale build. The Docker
// image ships only dist/ and runs that. AIRGATE_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const compiled = join(root, 'dist', 'src', 'cli', 'main.js');

/** The newest modification time of the TypeScript sources a build is made of (ms), or Infinity if unreadable. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  try {
    for (const dir of ['src', 'cards', 'migrations']) if (existsSync(join(root, dir))) walk(join(root, dir));
    for (const file of ['ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json'])
      if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  } catch {
    return Infinity;
  }
  return newest;
}

function useCompiled() {
  if (!existsSync(compiled)) return false;
  if (!existsSync(source)) return true;
  if (process.env.AIRGATE_FROM_SOURCE === '1') return false;
  return statSync(compiled).mtimeMs >= newestSource();
}

if (useCompiled()) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(root, 'tsconfig.json') });
  await import(pathToFileURL(source).href);
}
