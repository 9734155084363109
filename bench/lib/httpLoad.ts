import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './processes.js';

/** One request of a load: method, path (from the base URL), headers and an optional body. */
export type LoadRequest = {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};
export type Load = { ms: number[]; statuses: Record<string, number>; wallMs: number };

const LOADGEN = join(ROOT, 'bench', 'lib', 'loadgen.mjs');

/**
 * Sends `reqs` from a separate process (bench/lib/loadgen.mjs), so the load generator shares neither the
 * server's event loop nor its heap. `sustained` keeps `concurrency` requests in flight (latency then
 * follows throughput); `waves` sends `concurrency` simultaneous requests, `gapMs` apart (a burst of
 * pushed events, say). `warmup`: sent `concurrency` times at once, untimed, before the load, so that the
 * load's connections are open when timing starts (otherwise the first requests also time 100 connects at
 * once, whose SYN retries on a busy machine add seconds to the p99 of the server and of its baseline alike).
 */
export function runHttpLoad(
  baseUrl: string,
  reqs: LoadRequest[],
  opts: { concurrency: number; mode: 'sustained' | 'waves'; gapMs?: number; warmup?: LoadRequest },
): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOADGEN], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as Load);
    });
    child.stdin.end(
      JSON.stringify({
        baseUrl,
        reqs,
        concurrency: opts.concurrency,
        mode: opts.mode,
        gapMs: opts.gapMs ?? 250,
        warmup: opts.warmup,
      }),
    );
  });
}

export type LoadStats = { n: number; p50: number; p99: number; max: number; rps: number };

/** p50, p99, max (ms) and requests per second of a load. */
export function loadStats(r: Load): LoadStats {
  const s = [...r.ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50: q(0.5), p99: q(0.99), max: s.at(-1)!, rps: (r.ms.length / r.wallMs) * 1000 };
}
