import { Worker } from 'node:worker_threads';

/** One request of a load: method, path (from the base URL), headers and an optional body. */
export type LoadRequest = {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};
export type Load = { ms: number[]; statuses: Record<string, number>; wallMs: number };

/**
 * Sends `reqs` from a worker thread, so the load generator does not share the server's event loop.
 * `sustained` keeps `concurrency` requests in flight (latency then follows throughput); `waves` sends
 * `concurrency` simultaneous requests, `gapMs` apart (a burst of pushed events, say).
 */
export function runHttpLoad(
  baseUrl: string,
  reqs: LoadRequest[],
  opts: { concurrency: number; mode: 'sustained' | 'waves'; gapMs?: number },
): Promise<Load> {
  const code = `
    const { parentPort, workerData: { baseUrl, reqs, concurrency, mode, gapMs } } = require('node:worker_threads');
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const target = new URL(baseUrl);
    const once = (r) => new Promise((resolve, reject) => {
      const headers = { ...(r.headers || {}) };
      if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
      const req = http.request({ host: target.hostname, port: target.port, path: r.path, method: r.method, agent, headers },
        (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject); req.end(r.body);
    });
    (async () => {
      const ms = []; const statuses = {}; let next = 0; const t0 = performance.now();
      const timed = async (r) => {
        const s = performance.now(); const status = await once(r);
        ms.push(performance.now() - s); statuses[status] = (statuses[status] || 0) + 1;
      };
      if (mode === 'waves') {
        for (let i = 0; i < reqs.length; i += concurrency) {
          await Promise.all(reqs.slice(i, i + concurrency).map(timed));
          await new Promise((r) => setTimeout(r, gapMs));
        }
      } else {
        await Promise.all(Array.from({ length: concurrency }, async () => {
          while (next < reqs.length) await timed(reqs[next++]);
        }));
      }
      agent.destroy();
      parentPort.postMessage({ ms, statuses, wallMs: performance.now() - t0 });
    })();`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, {
      eval: true,
      workerData: { baseUrl, reqs, concurrency: opts.concurrency, mode: opts.mode, gapMs: opts.gapMs ?? 250 },
    });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

/** p50, p99, max (ms) and requests per second of a load. */
export function loadStats(r: Load): { p50: number; p99: number; max: number; rps: number } {
  const s = [...r.ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: q(0.5), p99: q(0.99), max: s.at(-1)!, rps: (r.ms.length / r.wallMs) * 1000 };
}
