import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/** The repository (this file runs from bench/lib through tsx, or compiled from dist/bench/lib). */
export const ROOT = ((dir: string): string => {
  while (!existsSync(join(dir, 'package.json'))) dir = join(dir, '..');
  return dir;
})(import.meta.dirname);
/** What the image runs: `bin/airgate.mjs` loads this file when the sources are absent (Dockerfile). */
export const COMPILED_CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** The machine's 1/5/15-minute load averages, to print beside every figure (the machine is shared). */
export function loadAverage(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** Warns when the 1-minute load average is above the cores' count: figures are then less comparable. */
export function warnIfBusy(): void {
  const [one] = loadavg();
  if (one! > 2) console.log(`  (busy machine: ${loadAverage()}; rerun when it is below 2)`);
}

/** The Node.js major version the image runs (the Dockerfile's `ARG NODE_IMAGE=node:<major>…`). */
export function imageNodeMajor(): number | undefined {
  const m = /ARG NODE_IMAGE=node:(\d+)/.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  return m ? Number(m[1]) : undefined;
}

/**
 * Says so when this bench (and so every process it starts: they run on this node) is not on the image's
 * Node.js major version, and how to rerun it on that one from the npm registry.
 */
export function warnIfNotImageNode(): void {
  const image = imageNodeMajor();
  const here = Number(process.versions.node.split('.')[0]);
  if (image !== undefined && image !== here)
    console.log(
      `  (measured on Node ${here}; the image runs Node ${image}: \`npx -p node@${image} node dist/bench/<bench>.js\` measures on its runtime)`,
    );
}

/**
 * The NODE_OPTIONS the image sets (its `ENV NODE_OPTIONS=…` line), so that the benches run the server with
 * the same heap cap as production.
 */
export function imageNodeOptions(): string {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const m = /NODE_OPTIONS="([^"]*)"/.exec(dockerfile) ?? /NODE_OPTIONS=(\S+)/.exec(dockerfile);
  return m?.[1] ?? '';
}

/** Refuses to measure a missing or stale build: dist/ must be newer than every source file. */
export function requireFreshBuild(): void {
  if (!existsSync(COMPILED_CLI)) throw new Error('no compiled build: run `npm run build` first');
  const built = statSync(COMPILED_CLI).mtimeMs;
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirDeep(dir)) t = Math.max(t, statSync(e).mtimeMs);
    return t;
  };
  const stale = ['src', 'cards', 'migrations'].some((d) => newest(join(ROOT, d)) > built);
  if (stale) throw new Error('dist/ is older than the sources: run `npm run build` first');
}

function readdirDeep(dir: string): string[] {
  return (statSync(dir).isDirectory() ? readdirSync(dir) : []).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? readdirDeep(p) : p.endsWith('.ts') ? [p] : [];
  });
}
/** A measured process: its pid, resident memory and CPU time read from /proc (Linux). */
export type Measured = {
  proc: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  rssMb: () => number;
  cpuMs: () => number;
  stop: () => Promise<void>;
};

/** Starts `node [image NODE_OPTIONS] [extra node flags] file args` with the given environment. */
export function startNode(
  file: string,
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Measured {
  const proc = spawn(process.execPath, [...nodeFlags, file, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_OPTIONS: imageNodeOptions(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  let done = false;
  void exited.then(() => (done = true));
  return {
    proc,
    output: () => out,
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (done || Date.now() > until) throw new Error(`no ${pattern} from ${file}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    rssMb: () => rssMb(proc.pid!),
    cpuMs: () => cpuMs(proc.pid!),
    stop: async () => {
      if (!done) proc.kill('SIGTERM');
      await exited;
    },
  };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User + system CPU time of a process, in ms (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The local database server's pid: BENCH_DB_PID, else a process named mariadbd or mysqld (looked up once,
 * on first use); undefined when it runs elsewhere.
 */
let databasePid: number | undefined | null = null;
function findDatabasePid(): number | undefined {
  if (process.env.BENCH_DB_PID) return Number(process.env.BENCH_DB_PID);
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
        if (comm === 'mariadbd' || comm === 'mysqld') return Number(name);
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
  } catch {
    // no /proc
  }
  return undefined;
}

/** The local database server's CPU time in ms, or NaN when it is not found (see findDatabasePid). */
export function databaseCpuMs(): number {
  if (databasePid === null) databasePid = findDatabasePid();
  if (databasePid === undefined) return NaN;
  try {
    return cpuMs(databasePid);
  } catch {
    return NaN;
  }
}

/**
 * Runs `fn` while sampling a process's RSS; returns fn's result, the peak RSS, the CPU time it used and
 * the CPU time the local database server used meanwhile (NaN when it is not on this machine). The
 * database's share matters on a small machine: it runs on the same cores as the server.
 */
export async function whileMeasuring<T>(
  p: Measured,
  fn: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number; cpuMs: number; dbCpuMs: number }> {
  let peak = p.rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, p.rssMb())), 50);
  const cpu0 = p.cpuMs();
  const db0 = databaseCpuMs();
  try {
    const result = await fn();
    return {
      result,
      peakRssMb: Math.max(peak, p.rssMb()),
      cpuMs: p.cpuMs() - cpu0,
      dbCpuMs: databaseCpuMs() - db0,
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * `airgate serve --no-scheduler` from the compiled build, as the image runs it (NODE_ENV=production, the
 * image's NODE_OPTIONS). With `profileDir`, node writes a CPU profile there when the server stops.
 */
export async function startCompiledServer(
  env: Record<string, string>,
  opts: { profileDir?: string; args?: string[]; nodeFlags?: string[] } = {},
): Promise<Measured & { url: string }> {
  const flags = [
    ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []),
    ...(opts.nodeFlags ?? []),
    // BENCH_NODE_FLAGS: node flags for AirGate's servers (not the bare route's), e.g. "--trace-gc".
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ];
  const p = startNode(
    COMPILED_CLI,
    ['serve', '--no-scheduler', '--no-migrate', '--port', '0', '--host', '127.0.0.1', ...(opts.args ?? [])],
    { NODE_ENV: 'production', ...env },
    flags,
  );
  // BENCH_SERVER_LOG=<file>: the servers' output goes there as it comes (their log, and what BENCH_NODE_FLAGS
  // make node print); the benches add lines saying where each measured load starts and ends.
  const copy = process.env.BENCH_SERVER_LOG;
  if (copy)
    for (const s of [p.proc.stdout!, p.proc.stderr!]) s.on('data', (b: Buffer) => appendFileSync(copy, b));
  const url = (await p.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!;
  return { ...p, url };
}

/**
 * The bare baseline (bench/lib/bareServer.mjs) in its own process. With `profileDir`, it is profiled like the
 * server, so that the two profiles can be compared per request.
 */
export async function startBareServer(
  args: string[],
  opts: { profileDir?: string } = {},
): Promise<Measured & { url: string }> {
  const flags = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [];
  const p = startNode(join(ROOT, 'bench', 'lib', 'bareServer.mjs'), args, {}, flags);
  const url = (await p.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!;
  return { ...p, url };
}

/** Settles for a moment (a finished load's sockets closing, GC), then reads the idle RSS. */
export async function idleRss(p: Measured, ms = 1000): Promise<number> {
  await new Promise((r) => setTimeout(r, ms));
  return p.rssMb();
}

/**
 * Runs `script` again as a child with `args` (its simulator mode), and resolves with the child and the URL it
 * prints on a line `URL http://…` once listening. The benches that keep the simulator out of the measured
 * process (watchCycle, billedRead) start it this way.
 */
export async function startSimChild(
  script: string,
  args: string[],
): Promise<{ sim: ChildProcess; url: string }> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const sim = spawn(process.execPath, [...loader, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    sim.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^URL (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    sim.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return { sim, url };
}
