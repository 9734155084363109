// Checks bench/lib/loadgen.mjs against servers that answer well and badly, run by hand after changing it:
//   node bench/lib/checkLoadgen.mjs
// A load generator that counted a truncated or reset answer as a success would flatter every figure, so
// each bad answer below must come back as "error", each good one under its status with its whole body read
// (the server checks that every request arrived whole, and the next request on a connection only parses if
// the previous answer was consumed to its last byte). Exits 1 on any difference.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout } from 'node:timers';
import { URL } from 'node:url';

const LOADGEN = join(import.meta.dirname, 'loadgen.mjs');
const big = 'x'.repeat(1 << 20);

const http = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://x');
    if (req.headers['x-check'] !== 'yes') return void res.writeHead(400).end('missing header');
    switch (url.pathname) {
      case '/ok':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
      case '/big':
        return void res.end(big);
      case '/echo':
        return void res.writeHead(body === '{"ü":"是"}' ? 200 : 422).end(body);
      case '/chunked': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part ');
        setTimeout(() => res.end('second part'), 5);
        return;
      }
      case '/none':
        return void res.writeHead(204).end();
      case '/fail':
        return void res.writeHead(500).end('{"status":500}');
      case '/close':
        return void res.writeHead(200, { connection: 'close' }).end('bye');
      default:
        return void res.writeHead(404).end();
    }
  });
});

// Raw answers a node server would not send: each closes or resets its connection.
const raw = {
  '/short': 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly fifty bytes.................................',
  '/chunks-cut': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
  '/garbage': 'HELLO THERE\r\n\r\n',
  '/headers-cut': 'HTTP/1.1 200 OK\r\nContent-Le',
  '/until-close': 'HTTP/1.0 200 OK\r\n\r\nthe body runs until the connection closes',
  '/extra': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokUNASKED',
};
const rawServer = net.createServer((s) => {
  let seen = '';
  s.on('data', (c) => {
    seen += c.toString('latin1');
    const end = seen.indexOf('\r\n\r\n');
    if (end < 0) return;
    const path = seen.split(' ')[1];
    if (path === '/reset') return void s.resetAndDestroy();
    s.end(raw[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  });
  s.on('error', () => {});
});

const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));
const [httpPort, rawPort] = await Promise.all([listen(http), listen(rawServer)]);

function load(baseUrl, reqs, mode, concurrency = 4) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOADGEN], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(Buffer.concat(out).toString('utf8')))
        : reject(new Error(`exit ${code}`)),
    );
    child.stdin.end(JSON.stringify({ baseUrl, reqs, concurrency, mode, gapMs: 10 }));
  });
}

const get = (path) => ({ method: 'GET', path, headers: { 'x-check': 'yes' } });
const cases = [
  [
    'well-formed answers, 4 connections',
    `http://127.0.0.1:${httpPort}`,
    [
      ...Array.from({ length: 40 }, () => get('/ok')),
      ...Array.from({ length: 8 }, () => get('/big')),
      ...Array.from({ length: 8 }, () => get('/chunked')),
      ...Array.from({ length: 8 }, () => get('/none')),
      ...Array.from({ length: 8 }, () => get('/fail')),
      ...Array.from({ length: 8 }, () => get('/close')),
      ...Array.from({ length: 8 }, () => ({ ...get('/echo'), method: 'POST', body: '{"ü":"是"}' })),
    ],
    { 200: 72, 204: 8, 500: 8 },
  ],
  [
    'broken answers',
    `http://127.0.0.1:${rawPort}`,
    [
      get('/short'),
      get('/chunks-cut'),
      get('/garbage'),
      get('/headers-cut'),
      get('/reset'),
      get('/extra'),
      get('/until-close'),
    ],
    { error: 6, 200: 1 },
  ],
];

let failed = false;
for (const [name, base, reqs, expected] of cases) {
  for (const mode of ['sustained', 'waves']) {
    const r = await load(base, reqs, mode);
    const ok =
      JSON.stringify(Object.entries(r.statuses).sort()) ===
        JSON.stringify(
          Object.entries(expected)
            .map(([k, v]) => [String(k), v])
            .sort(),
        ) &&
      r.ms.length === reqs.length &&
      r.ms.every((m) => m >= 0);
    if (!ok) failed = true;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name}, ${mode}: ${JSON.stringify(r.statuses)} (expected ${JSON.stringify(expected)})`,
    );
  }
}
http.close();
rawServer.close();
http.closeAllConnections();
process.exit(failed ? 1 : 0);
