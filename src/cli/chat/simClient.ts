import { UpstreamError, UsageError } from '../../errors.js';
import type {
  ClickInput,
  ClickResult,
  FeedItem,
  SayResult,
  SimChat,
  SimMessage,
  SimUser,
} from '../../sim/feishu/server.js';

export type SimInfo = {
  url: string;
  appId: string;
  bot: { openId: string; name: string };
  eventUrl?: string;
  now: number;
  lastSeq: number;
};

/** The simulator's /__sim/ admin API over HTTP (the chat runs in another process than the simulator). */
export class SimClient {
  constructor(
    readonly baseUrl: string,
    private readonly unreachable: (url: string) => string,
  ) {}

  private async req<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/__sim${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(40_000),
      });
    } catch (err) {
      throw new UpstreamError(this.unreachable(this.baseUrl), true, { cause: err });
    }
    const data = (await res.json().catch(() => ({}))) as T & { error?: string };
    if (res.status >= 400 && res.status < 500) throw new UsageError(data.error ?? `HTTP ${res.status}`);
    if (!res.ok) throw new UpstreamError(`simulator answered HTTP ${res.status}`, true);
    return data;
  }

  info = () => this.req<SimInfo>('GET', '/info');
  users = () => this.req<SimUser[]>('GET', '/users');
  chats = () => this.req<SimChat[]>('GET', '/chats');
  message = (id: string) => this.req<SimMessage>('GET', `/messages/${encodeURIComponent(id)}`);
  messages = (q: { chatId?: string; openId?: string; from?: 'bot' | 'users' | 'all' }) =>
    this.req<SimMessage[]>('GET', `/messages?${new URLSearchParams(q as Record<string, string>).toString()}`);
  say = (input: { from: string; chatId?: string; text: string; mentions?: string[] }) =>
    this.req<SayResult>('POST', '/say', input);
  click = (input: ClickInput) => this.req<ClickResult>('POST', '/click', input);
  feed = (after: number, q: { openId?: string; chatId?: string; waitMs?: number }) => {
    const params = new URLSearchParams({ after: String(after) });
    for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
    return this.req<{ items: FeedItem[]; last: number }>('GET', `/feed?${params.toString()}`);
  };
}
