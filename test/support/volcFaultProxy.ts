import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Picks requests to fail, by action, JSON body and query: true or 500 → InternalError, 429 →
 * FlowLimitExceeded, false → pass through.
 */
export type VolcFault = (
  action: string,
  body: Record<string, unknown>,
  query: URLSearchParams,
) => boolean | 429 | 500;

export type FaultProxy = {
  url: string;
  /** Fails each request `fail` picks; null passes all. */
  failWhen(fail: VolcFault | null): void;
  close(): Promise<void>;
};

/**
 * A pass-through proxy in front of a Volcengine simulator that fails chosen requests (one bill page, an
 * attach in the middle of a use case).
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let fail: VolcFault | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      let body: Record<string, unknown> = {};
      try {
        body = raw.length ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const verdict = fail?.(q.get('Action') ?? '', body, q) ?? false;
      if (verdict !== false) {
        const throttle = verdict === 429;
        res.writeHead(throttle ? 429 : 500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ResponseMetadata: {
              RequestId: 'proxy-fault',
              Action: q.get('Action'),
              Version: q.get('Version'),
              Service: q.get('Version') === '2022-01-01' ? 'billing' : 'iam',
              Region: 'cn-beijing',
              Error: throttle
                ? { Code: 'FlowLimitExceeded', Message: 'Request was denied due to request throttling.' }
                : { Code: 'InternalError', Message: 'injected by the test proxy' },
            },
          }),
        );
        return;
      }
      const t = new URL(target);
      const up = request(
        { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failWhen: (f) => void (fail = f),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
