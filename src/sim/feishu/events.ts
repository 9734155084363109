import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { randomNonce, sealRequest, type SignedRequest } from './crypto.js';
import type { SimRuntime } from './runtime.js';
import type { Delivery } from './state.js';

/**
 * Feishu retries a push that got no HTTP 200 within 3 s after 15 s, 5 min, 1 h and 6 h (event
 * subscription overview, "推送周期和频次"). Whether a retry is signed anew with a fresh
 * X-Lark-Request-Timestamp is not documented (unverified): by default a retry repeats the first
 * push's bytes and headers ('original', the harder case for a timestamp window); 'fresh' re-seals it.
 */
export type RetryHeaders = 'original' | 'fresh';
/**
 * Whether Feishu reuses a kept-alive connection to the request URL between pushes is not documented
 * (unverified). By default pushes reuse one, as the `fetch` the simulator used before did; 'fresh' opens a
 * connection for every push. Neither is kinder to the bot: reuse meets its idle-socket handling, a fresh
 * connection its accept and handshake on every event.
 */
export type PushConnections = 'keep-alive' | 'fresh';
/** Feishu retries a push that got no HTTP 200 within 3 s after 15 s, 5 min, 1 h and 6 h. */
export const FEISHU_RETRY_SCHEDULE = [15_000, 300_000, 3_600_000, 21_600_000];
export const FEISHU_ACK_TIMEOUT_MS = 3000;

export type Answer = { status: number; body: string; ms: number; error?: string };

/** The long connection, when the bot has one open (ws.ts). */
export type WsLink = { connected(): boolean; push(payload: unknown, timeoutMs: number): Promise<Answer> };

export type PushResult = Answer & { ok: boolean; transport: 'http' | 'ws' | 'none' };

/**
 * Delivers events and card callbacks to the bot the way the platform does: over the long
 * connection when one is open, else POST to the request URL — compact JSON, encrypted with the
 * encrypt key (random IV), signed, three X-Lark headers. Events that fail are retried on the
 * schedule with the same event_id; callbacks are not retried.
 */
export class EventPusher {
  eventUrl: string | undefined;
  ws: WsLink | undefined;
  /** Connections to the request URL: kept alive between pushes, or one per push (PushConnections). */
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(
    private readonly rt: SimRuntime,
    private readonly opts: {
      retrySchedule: number[];
      ackTimeoutMs: number;
      eventUrl?: string;
      headerClock: 'real' | 'virtual';
      retryHeaders: RetryHeaders;
      connections?: PushConnections;
    },
  ) {
    this.eventUrl = opts.eventUrl;
    const keepAlive = (opts.connections ?? 'keep-alive') === 'keep-alive';
    this.agents = { http: new HttpAgent({ keepAlive }), https: new HttpsAgent({ keepAlive }) };
  }

  /** Pushes an event; resolves after the first attempt, retries run on the simulator's clock. */
  async pushEvent(envelope: Record<string, unknown>): Promise<PushResult> {
    const sealed = this.opts.retryHeaders === 'original' ? this.seal(envelope) : undefined;
    const first = await this.attempt(envelope, 0, false, sealed);
    if (!first.ok && first.transport !== 'none') this.scheduleRetry(envelope, 1, sealed);
    return first;
  }

  /** Pushes a card callback once; the answer must be HTTP 200 within the ack timeout. */
  async pushCallback(envelope: Record<string, unknown>): Promise<PushResult> {
    return this.attempt(envelope, 0, true);
  }

  /** What the console does when a request URL is saved: a url_verification the bot must echo in 1 s. */
  async verifyUrl(challengeBody: Record<string, unknown>): Promise<Answer> {
    if (!this.eventUrl) return { status: 0, body: '', ms: 0, error: 'no event url' };
    return this.post(this.eventUrl, this.seal(challengeBody), 1000);
  }

  private scheduleRetry(envelope: Record<string, unknown>, attempt: number, sealed?: SignedRequest): void {
    const delay = this.opts.retrySchedule[attempt - 1];
    if (delay === undefined) return;
    this.rt.clock.after(delay, async () => {
      const result = await this.attempt(envelope, attempt, false, sealed);
      if (!result.ok && result.transport !== 'none') this.scheduleRetry(envelope, attempt + 1, sealed);
    });
  }

  private async attempt(
    envelope: Record<string, unknown>,
    attempt: number,
    callback = false,
    sealed?: SignedRequest,
  ): Promise<PushResult> {
    const header = (envelope.header ?? {}) as { event_id?: string; event_type?: string };
    let result: PushResult;
    if (this.ws?.connected()) {
      const answer = await this.ws.push(envelope, this.opts.ackTimeoutMs);
      result = { ...answer, transport: 'ws', ok: answer.status === 200 };
    } else if (this.eventUrl) {
      const answer = await this.post(this.eventUrl, sealed ?? this.seal(envelope), this.opts.ackTimeoutMs);
      const ok = callback ? answer.status === 200 : answer.status >= 200 && answer.status < 300;
      result = { ...answer, transport: 'http', ok };
    } else {
      result = {
        status: 0,
        body: '',
        ms: 0,
        error: 'no event url and no long connection',
        transport: 'none',
        ok: false,
      };
    }
    const delivery: Delivery = {
      eventId: header.event_id ?? '',
      eventType: header.event_type ?? '',
      attempt,
      at: this.rt.clock.now(),
      transport: result.transport === 'ws' ? 'ws' : 'http',
      status: result.status,
      ms: result.ms,
    };
    if (result.error) delivery.error = result.error;
    this.rt.state.deliveries.push(delivery);
    if (this.rt.state.deliveries.length > 20_000) this.rt.state.deliveries.splice(0, 10_000);
    return result;
  }

  /** Compact JSON, encrypted and signed now. */
  private seal(payload: unknown): SignedRequest {
    return sealRequest(payload, {
      encryptKey: this.rt.app.encryptKey,
      // The bot checks X-Lark-Request-Timestamp against its own clock, not the simulator's.
      timestamp: String(
        Math.floor((this.opts.headerClock === 'virtual' ? this.rt.clock.now() : Date.now()) / 1000),
      ),
      nonce: randomNonce(),
    });
  }

  /**
   * One POST, answered (status and body) within `timeoutMs` or failed. Through node:http rather than
   * fetch: the same bytes on the wire for about a third of fetch's CPU, which on a small machine the
   * servers under test would otherwise queue behind (bench/multiProcess.ts).
   */
  private post(url: string, sealed: SignedRequest, timeoutMs: number): Promise<Answer> {
    const started = performance.now();
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const signal = AbortSignal.timeout(timeoutMs);
    return new Promise<Answer>((resolve) => {
      const fail = (err: unknown) =>
        resolve({
          status: 0,
          body: '',
          ms: performance.now() - started,
          // Whatever the request failed with once its own deadline passed, the deadline is why.
          error: signal.aborted ? `no answer within ${timeoutMs} ms` : describe(err),
        });
      const req = (https ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          headers: { ...sealed.headers, 'content-length': String(Buffer.byteLength(sealed.body)) },
          agent: https ? this.agents.https : this.agents.http,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          // A connection closed mid-answer ends here too (ECONNRESET), not at the timeout.
          res.on('error', fail);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
        },
      );
      req.on('error', fail);
      req.end(sealed.body);
    });
  }

  /** Closes the kept-alive connections (the simulator is closing). */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return (err as { code?: string }).code ?? err.message;
}
