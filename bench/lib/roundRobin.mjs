// The load balancer of bench/multiProcess.ts in its own process, so that its timings are not delayed by the
// simulators and the load that run in the bench's process:
//   node bench/lib/roundRobin.mjs <server url> [<server url> …]
// Each request goes to the next server in turn; the time from its arrival to the end of the server's
// answer is recorded. GET /__bench/acks answers the times recorded so far (ms, in arrival order of answers).
import { createServer, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';

const targets = process.argv.slice(2);
if (targets.length === 0) throw new Error('usage: roundRobin.mjs <server url>…');
const ms = [];
let turn = 0;

const server = createServer((req, res) => {
  if (req.url === '/__bench/acks') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(ms));
    return;
  }
  const target = new URL(req.url ?? '/', targets[turn++ % targets.length]);
  const t0 = performance.now();
  const out = request(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
    answer.on('end', () => ms.push(performance.now() - t0));
  });
  out.on('error', () => {
    res.statusCode = 502;
    res.end();
  });
  req.pipe(out);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
