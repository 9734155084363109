#!/usr/bin/env node
// In a checkout (sources present) the CLI runs from TypeScript through tsx, so `npx airgate …` never runs
// a stale build; the Docker image ships only the compiled dist/ and runs that.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const compiled = join(root, 'dist', 'src', 'cli', 'main.js');

if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(root, 'tsconfig.json') });
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(compiled).href);
}
