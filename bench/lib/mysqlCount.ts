import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of MariaDB that counts the statements a server sends (the client → server packets
 * that start a command: COM_QUERY, COM_STMT_EXECUTE), by kind and table: "SELECT sub_accounts",
 * "INSERT feishu_inbox_events", "START TRANSACTION". Only for profiling runs (it adds a hop).
 */
export async function startQueryCounter(target: { host: string; port: number }) {
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const len = pending.readUIntLE(0, 3);
        if (pending.length < 4 + len) break;
        const seq = pending[3];
        const cmd = pending[4];
        if (seq === 0 && cmd === 0x03) {
          const key = classify(pending.subarray(5, 4 + Math.min(len, 400)).toString('utf8'));
          counts.set(key, (counts.get(key) ?? 0) + 1);
        } else if (seq === 0 && cmd === 0x17)
          counts.set('EXECUTE (prepared)', (counts.get('EXECUTE (prepared)') ?? 0) + 1);
        pending = pending.subarray(4 + len);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (c: Buffer) => client.write(c));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    reset: () => counts.clear(),
    counts: () => new Map(counts),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** "SELECT … FROM `sub_accounts` …" → "SELECT sub_accounts". */
export function classify(sql: string): string {
  const s = sql.trim().replace(/\s+/g, ' ');
  const verb = /^(\w+)(?: (TRANSACTION))?/i.exec(s);
  const word = (verb?.[1] ?? '?').toUpperCase();
  if (word === 'START' || word === 'COMMIT' || word === 'ROLLBACK' || word === 'SET')
    return verb?.[2] ? `${word} ${verb[2].toUpperCase()}` : word;
  const table = /\b(?:FROM|INTO|UPDATE)\s+`?(\w+)`?/i.exec(s)?.[1] ?? '';
  return `${word} ${table}`.trim();
}

/** "SELECT sub_accounts ×2, INSERT feishu_outbox ×1" per request, from counts over `requests`. */
export function perRequest(counts: Map<string, number>, requests: number): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${(n / requests).toFixed(2)}`);
  return `${(total / requests).toFixed(2)} statements per request: ${parts.join(', ')}`;
}

/** host and port of a mysql:// URL. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 3306) };
}
