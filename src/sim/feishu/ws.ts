import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import Router from '@koa/router';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Answer, WsLink } from './events.js';
import { newId } from './ids.js';
import { decodeFrame, encodeFrame, FrameMethod, headerValue, type Frame } from './pbbp2.js';
import { bodyOf } from './responses.js';
import type { SimRuntime } from './runtime.js';

const CONNECT_PATH = '/callback/ws/connect';
const SERVICE_ID = 1;

/** Seconds, as the endpoint and pong frames carry them (the SDK multiplies by 1000). */
export type WsClientConfig = {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
};
export const defaultWsClientConfig: WsClientConfig = {
  PingInterval: 120,
  ReconnectCount: -1,
  ReconnectInterval: 120,
  ReconnectNonce: 30,
};

type Pending = { resolve: (a: Answer) => void; started: number; timer: NodeJS.Timeout };

/**
 * The long connection the SDK's WSClient speaks: POST /callback/ws/endpoint with AppID/AppSecret
 * returns a ws:// URL; frames are pbbp2 protobuf. Events go out as data frames (type "event",
 * plaintext JSON payload, no signature); the SDK answers each with the same frame carrying
 * {"code":200,"data":base64(JSON(handler result))}. Pings get pongs with the client config.
 */
export class WsHub implements WsLink {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private seq = 0;
  private turn = 0;
  baseUrl = '';

  constructor(
    private readonly rt: SimRuntime,
    private readonly config: WsClientConfig,
  ) {}

  routes(): Router {
    const r = new Router();
    r.post('/callback/ws/endpoint', (ctx) => {
      const b = bodyOf(ctx);
      ctx.status = 200;
      if (b.AppID !== this.rt.app.appId || b.AppSecret !== this.rt.app.appSecret) {
        ctx.body = { code: 514, msg: 'auth failed', data: {} };
        return;
      }
      const ticket = newId.wsTicket();
      this.tickets.add(ticket);
      const url = `${this.baseUrl.replace(/^http/, 'ws')}${CONNECT_PATH}?device_id=${ticket}&service_id=${SERVICE_ID}`;
      ctx.body = { code: 0, msg: 'ok', data: { URL: url, ClientConfig: this.config } };
    });
    return r;
  }

  attach(http: Server): void {
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const ticket = url.searchParams.get('device_id') ?? '';
      if (url.pathname !== CONNECT_PATH || !this.tickets.has(ticket)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.server.handleUpgrade(req, socket, head, (ws) => this.adopt(ws));
    });
  }

  connected(): boolean {
    return this.sockets.some((s) => s.readyState === s.OPEN);
  }

  connections(): number {
    return this.sockets.filter((s) => s.readyState === s.OPEN).length;
  }

  push(payload: unknown, timeoutMs: number): Promise<Answer> {
    const open = this.sockets.filter((s) => s.readyState === s.OPEN);
    const socket = open[this.turn++ % Math.max(open.length, 1)];
    if (!socket) return Promise.resolve({ status: 0, body: '', ms: 0, error: 'no long connection' });
    const messageId = newId.event();
    const seq = ++this.seq;
    const frame: Frame = {
      SeqID: seq,
      LogID: seq,
      service: SERVICE_ID,
      method: FrameMethod.data,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: messageId },
        { key: 'sum', value: '1' },
        { key: 'seq', value: '0' },
        { key: 'trace_id', value: newId.event() },
      ],
      payload: new TextEncoder().encode(JSON.stringify(payload)),
    };
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        resolve({
          status: 0,
          body: '',
          ms: performance.now() - started,
          error: `no answer within ${timeoutMs} ms`,
        });
      }, timeoutMs);
      this.pending.set(messageId, { resolve, started, timer });
      socket.send(encodeFrame(frame));
    });
  }

  /** Drops every open connection (the SDK reconnects on its own schedule). */
  dropAll(): void {
    for (const s of this.sockets.splice(0)) s.terminate();
  }

  close(): void {
    this.dropAll();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.server.close();
  }

  private adopt(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('close', () => {
      const i = this.sockets.indexOf(ws);
      if (i >= 0) this.sockets.splice(i, 1);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: Buffer) => {
      let frame: Frame;
      try {
        frame = decodeFrame(new Uint8Array(data));
      } catch {
        return;
      }
      if (frame.method === FrameMethod.control && headerValue(frame, 'type') === 'ping') {
        const pong: Frame = {
          ...frame,
          headers: [{ key: 'type', value: 'pong' }],
          payload: new TextEncoder().encode(JSON.stringify(this.config)),
        };
        ws.send(encodeFrame(pong));
        return;
      }
      if (frame.method === FrameMethod.data) this.settle(frame);
    });
  }

  private settle(frame: Frame): void {
    const id = headerValue(frame, 'message_id') ?? '';
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    const ms = performance.now() - p.started;
    try {
      const resp = JSON.parse(new TextDecoder().decode(frame.payload ?? new Uint8Array())) as {
        code?: number;
        data?: string;
      };
      const body = resp.data ? Buffer.from(resp.data, 'base64').toString('utf8') : '';
      p.resolve({ status: Number(resp.code ?? 0), body, ms });
    } catch {
      p.resolve({ status: 0, body: '', ms, error: 'unreadable answer frame' });
    }
  }
}
