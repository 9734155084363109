// The benches' HTTP load generator, run as its own process (`node bench/lib/loadgen.mjs`) so that it
// shares neither an event loop nor a heap with the server it measures. Reads one JSON job on stdin:
//   { baseUrl, reqs: [{ method, path, headers?, body? }], concurrency, mode: 'sustained' | 'waves', gapMs, warmup? }
// `warmup` (optional, one request) is sent `concurrency` times at once before timing starts, so that the
// agent's connections are open by then.
// `sustained` keeps `concurrency` requests in flight (latency then follows throughput); `waves` sends
// `concurrency` simultaneous requests, `gapMs` apart. Writes { ms, statuses, wallMs } as JSON on stdout.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { URL } from 'node:url';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { baseUrl, reqs, concurrency, mode, gapMs, warmup } = JSON.parse(
  Buffer.concat(chunks).toString('utf8'),
);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(baseUrl);

const once = (r) =>
  new Promise((resolve, reject) => {
    const headers = { ...(r.headers ?? {}) };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    const req = http.request(
      { host: target.hostname, port: target.port, path: r.path, method: r.method, agent, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });

const ms = [];
const statuses = {};
const timed = async (r) => {
  const s = performance.now();
  const status = await once(r).catch(() => 'error');
  ms.push(performance.now() - s);
  statuses[status] = (statuses[status] ?? 0) + 1;
};

if (warmup) await Promise.all(Array.from({ length: concurrency }, () => once(warmup).catch(() => undefined)));
const t0 = performance.now();
if (mode === 'waves') {
  for (let i = 0; i < reqs.length; i += concurrency) {
    await Promise.all(reqs.slice(i, i + concurrency).map(timed));
    await new Promise((r) => setTimeout(r, gapMs));
  }
} else {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < reqs.length) await timed(reqs[next++]);
    }),
  );
}
// Waves include their gaps in the wall time; throughput is only meaningful for `sustained`.
const wallMs = performance.now() - t0;
agent.destroy();
process.stdout.write(JSON.stringify({ ms, statuses, wallMs }));
