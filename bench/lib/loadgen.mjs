// The benches' HTTP load generator, run as its own process (`node bench/lib/loadgen.mjs`) so that it
// shares neither an event loop nor a heap with the server it measures. Reads one JSON job on stdin:
//   { baseUrl, reqs: [{ method, path, headers?, body? }], concurrency, mode: 'sustained' | 'waves', gapMs, warmup? }
// `warmup` (optional, one request) is sent `concurrency` times at once before timing starts, so that the
// connections are open by then.
// `sustained` keeps `concurrency` requests in flight (latency then follows throughput); `waves` sends
// `concurrency` simultaneous requests, `gapMs` apart. Writes { ms, statuses, wallMs } as JSON on stdout.
//
// Cheap per request, so that on a small machine the figures are the server's and not this process's: every
// request is serialised to HTTP/1.1 bytes before timing starts and written on one of `concurrency` raw
// keep-alive sockets (one request in flight per socket, no pipelining); the answer is read by a small parser
// (status line, Content-Length or chunked body). A request counts under its status only once its whole body
// has arrived; a reset, an early close, a malformed or truncated answer, or no answer within
// REQUEST_TIMEOUT_MS counts as "error".
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';

const REQUEST_TIMEOUT_MS = 60_000;
const CRLF2 = Buffer.from('\r\n\r\n');

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { baseUrl, reqs, concurrency, mode, gapMs, warmup } = JSON.parse(
  Buffer.concat(chunks).toString('utf8'),
);
const target = new URL(baseUrl);
const port = Number(target.port || 80);
const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
const hostHeader = target.host;

/** The request's bytes as a node http client would send them (Host, keep-alive, Content-Length). */
function serialise(r) {
  let head = `${r.method} ${r.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(r.headers ?? {})) head += `${name}: ${value}\r\n`;
  const body = r.body === undefined ? undefined : Buffer.from(r.body, 'utf8');
  if (body) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  return {
    bytes: body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1'),
    head: r.method === 'HEAD',
  };
}

/**
 * One keep-alive connection with at most one request in flight. `send(req, done)` writes the request and
 * calls done(status | 'error') once, when the answer is complete or has failed.
 */
class Connection {
  socket = null;
  done = null;
  startedAt = 0;
  isHead = false;
  // Parser state for the answer in flight.
  buf = null;
  status = 0;
  phase = 'head'; // 'head' | 'length' | 'chunkSize' | 'chunkData' | 'trailers' | 'untilClose'
  remaining = 0;
  closeAfter = false;

  send(req, done) {
    this.done = done;
    this.isHead = req.head;
    this.buf = null;
    this.phase = 'head';
    this.closeAfter = false;
    this.startedAt = performance.now();
    if (!this.socket) this.connect();
    this.socket.write(req.bytes);
  }

  connect() {
    const s = net.connect({ host, port, noDelay: true });
    this.socket = s;
    s.on('data', (chunk) => {
      if (this.socket !== s) return;
      if (!this.done) return this.fail(s); // bytes nobody asked for: the connection cannot be trusted
      this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
      try {
        this.parse();
      } catch {
        this.fail(s);
      }
    });
    s.on('end', () => {
      if (this.socket !== s) return;
      if (this.done && this.phase === 'untilClose') return this.finish(this.status, false);
      this.fail(s);
    });
    s.on('error', () => this.fail(s));
    s.on('close', () => this.fail(s));
  }

  /** The socket is dropped; the answer in flight, if any, is an error. */
  fail(s) {
    if (this.socket !== s) return;
    this.socket = null;
    s.destroy();
    if (this.done) this.finish('error', false);
  }

  finish(status, keep) {
    const done = this.done;
    this.done = null;
    this.buf = null;
    if (!keep && this.socket) {
      const s = this.socket;
      this.socket = null;
      s.destroy();
    }
    done(status);
  }

  parse() {
    for (;;) {
      const buf = this.buf;
      if (this.phase === 'head') {
        const end = buf.indexOf(CRLF2);
        if (end < 0) {
          if (buf.length > 65_536) throw new Error('header too long');
          return;
        }
        const lines = buf.toString('latin1', 0, end).split('\r\n');
        const m = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]);
        if (!m) throw new Error('bad status line');
        const status = Number(m[1]);
        let length = -1;
        let chunked = false;
        let close = lines[0].startsWith('HTTP/1.0');
        for (let i = 1; i < lines.length; i++) {
          const line = lines[i];
          const colon = line.indexOf(':');
          if (colon <= 0) throw new Error('bad header line');
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line
            .slice(colon + 1)
            .trim()
            .toLowerCase();
          if (name === 'content-length') {
            if (!/^\d+$/.test(value) || (length >= 0 && Number(value) !== length))
              throw new Error('bad content-length');
            length = Number(value);
          } else if (name === 'transfer-encoding') chunked = value.split(',').pop().trim() === 'chunked';
          else if (name === 'connection') {
            const tokens = value.split(',').map((t) => t.trim());
            if (tokens.includes('close')) close = true;
            else if (tokens.includes('keep-alive')) close = false;
          }
        }
        this.buf = buf.subarray(end + 4);
        if (status >= 100 && status < 200) continue; // an interim answer: the real one follows
        this.status = status;
        this.closeAfter = close;
        if (this.isHead || status === 204 || status === 304) this.phase = 'done';
        else if (chunked) this.phase = 'chunkSize';
        else if (length >= 0) {
          this.phase = 'length';
          this.remaining = length;
        } else this.phase = 'untilClose';
      } else if (this.phase === 'length') {
        if (buf.length < this.remaining) return;
        this.buf = buf.subarray(this.remaining);
        this.phase = 'done';
      } else if (this.phase === 'chunkSize') {
        const eol = buf.indexOf('\r\n');
        if (eol < 0) {
          if (buf.length > 1024) throw new Error('chunk size line too long');
          return;
        }
        const size = buf.toString('latin1', 0, eol).split(';')[0].trim();
        if (!/^[0-9a-fA-F]+$/.test(size)) throw new Error('bad chunk size');
        this.remaining = parseInt(size, 16);
        this.buf = buf.subarray(eol + 2);
        this.phase = this.remaining === 0 ? 'trailers' : 'chunkData';
      } else if (this.phase === 'chunkData') {
        if (buf.length < this.remaining + 2) return;
        if (buf[this.remaining] !== 13 || buf[this.remaining + 1] !== 10) throw new Error('bad chunk end');
        this.buf = buf.subarray(this.remaining + 2);
        this.phase = 'chunkSize';
      } else if (this.phase === 'trailers') {
        const eol = buf.indexOf('\r\n');
        if (eol < 0) return;
        this.buf = buf.subarray(eol + 2);
        if (eol === 0) this.phase = 'done';
      } else if (this.phase === 'untilClose') {
        this.buf = null; // counted on 'end'
        return;
      }
      if (this.phase === 'done') {
        // Nothing was asked after this answer: more bytes would be a broken stream.
        if (this.buf.length > 0) throw new Error('bytes after the answer');
        return this.finish(this.status, !this.closeAfter);
      }
    }
  }
}

const connections = Array.from({ length: concurrency }, () => new Connection());
const prepared = reqs.map(serialise);
const ms = new Float64Array(prepared.length);
const statuses = {};
let recorded = 0;

const watchdog = setInterval(() => {
  const now = performance.now();
  for (const c of connections) if (c.done && now - c.startedAt > REQUEST_TIMEOUT_MS) c.fail(c.socket);
}, 1000);

/** Sends request i on connection c; calls next() when it is recorded. */
function timed(c, i, next) {
  c.send(prepared[i], (status) => {
    ms[recorded++] = performance.now() - c.startedAt;
    statuses[status] = (statuses[status] ?? 0) + 1;
    next();
  });
}

if (warmup) {
  const w = serialise(warmup);
  await Promise.all(connections.map((c) => new Promise((resolve) => c.send(w, resolve))));
}
const t0 = performance.now();
if (mode === 'waves') {
  for (let i = 0; i < prepared.length; i += concurrency) {
    const n = Math.min(concurrency, prepared.length - i);
    await new Promise((resolve) => {
      let left = n;
      const one = () => --left === 0 && resolve();
      for (let j = 0; j < n; j++) timed(connections[j], i + j, one);
    });
    await sleep(gapMs);
  }
} else if (prepared.length > 0) {
  let next = 0;
  await new Promise((resolve) => {
    let running = 0;
    const loop = (c) => {
      if (next >= prepared.length) return --running === 0 && resolve();
      timed(c, next++, () => loop(c));
    };
    for (const c of connections) {
      running++;
      loop(c);
    }
  });
}
// Waves include their gaps in the wall time; throughput is only meaningful for `sustained`.
const wallMs = performance.now() - t0;
clearInterval(watchdog);
for (const c of connections) c.socket?.destroy();
process.stdout.write(JSON.stringify({ ms: Array.from(ms.subarray(0, recorded)), statuses, wallMs }));
