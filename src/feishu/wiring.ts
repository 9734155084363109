import { inProcessJobs, type Scheduler } from '../jobs/inProcess.js';
import { inboxSweepJob } from '../jobs/workers/inboxSweep.js';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Config } from '../config/loadConfig.js';
import type { Logger } from '../log/logger.js';
import { ConfigError } from '../errors.js';
import { registerSecret } from '../log/redact.js';
import { pingCommand } from './chat/ping.js';
import { createFeishuClient, type FeishuAppConfig, type FeishuClient } from './client.js';
import { createFeishuReceiver, type FeishuReceiver } from './dispatcher.js';
import { FeishuEventProcessor, type EventProcessorOptions } from './eventProcessor.js';
import { FeishuInbox } from './inbox.js';
import type { FeishuOutbox } from './outbox.js';
import { OutboxRelay, type RelayOptions } from './relay.js';
import { FeishuRouter } from './router.js';
import { FeishuSender } from './send.js';
import type { Locale } from './texts.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_MAX_AGE_SECONDS } from './verify.js';
import { startWsReceiver, type WsReceiver } from './ws.js';

export type FeishuOptions = {
  /** The bot's own open_id; otherwise asked from Feishu (bot/v3/info) on start. */
  botOpenId?: string;
  clientTimeoutMs?: number;
  /** How old a request's X-Lark-Request-Timestamp may be (default: Feishu's redelivery span + skew). */
  maxAgeSeconds?: number;
  /** How far ahead of AirGate's clock it may be. */
  maxSkewSeconds?: number;
  processor?: EventProcessorOptions;
  relay?: RelayOptions;
  sweepIntervalMs?: number;
};

export type FeishuWiring = {
  app: FeishuAppConfig;
  mode: 'http' | 'ws';
  client: FeishuClient;
  sender: FeishuSender;
  router: FeishuRouter;
  inbox: FeishuInbox;
  processor: FeishuEventProcessor;
  receiver: FeishuReceiver;
  relay: OutboxRelay;
  /** Starts the relay, the inbox sweep and, in ws mode, the long connection. */
  start(): void;
  /**
   * ws mode: the SDK's long connection is open and its frame handler attached. The server sees the
   * socket a little earlier; a frame it sends in between reaches no handler and is lost (Feishu
   * redelivers an unanswered event later).
   */
  longConnectionReady(): boolean;
  stop(): Promise<void>;
};

type WiringDeps = {
  config: Pick<Config, 'feishu' | 'locale'>;
  log: Logger;
  db: DataSource;
  clock: Clock;
  outbox: FeishuOutbox;
};

/** Inbox rows are kept a day: well beyond the request window (about 7 h 15 min). */
export const DEFAULT_INBOX_RETENTION_MS = 24 * 3600_000;

/** Everything Feishu, or undefined when no app is configured (AirGate then runs without the bot). */
export function createFeishu(deps: WiringDeps, opts: FeishuOptions = {}): FeishuWiring | undefined {
  const f = deps.config.feishu;
  if (!f.appId || !f.appSecret) return undefined;
  const window = {
    maxAgeSeconds: opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    maxSkewSeconds: opts.maxSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
  };
  const retentionMs = opts.processor?.retentionMs ?? DEFAULT_INBOX_RETENTION_MS;
  // An event id purged from the inbox must be outside the window, or its replay would run again.
  if (retentionMs < (window.maxAgeSeconds + window.maxSkewSeconds) * 1000) {
    throw new ConfigError(
      `the Feishu inbox keeps event ids ${retentionMs} ms, less than the request window of ${window.maxAgeSeconds + window.maxSkewSeconds} s`,
    );
  }
  const app: FeishuAppConfig = {
    appId: f.appId,
    appSecret: f.appSecret,
    encryptKey: f.encryptKey,
    verificationToken: f.verificationToken,
    baseUrl: f.baseUrl,
  };
  for (const s of [app.appSecret, app.encryptKey, app.verificationToken]) registerSecret(s);
  const log = deps.log.child({ component: 'feishu' });
  const locale: Locale = deps.config.locale;
  const client = createFeishuClient(app, log, { timeoutMs: opts.clientTimeoutMs ?? 10_000 });
  const sender = new FeishuSender(client);
  const router = new FeishuRouter({ db: deps.db, outbox: deps.outbox, log, locale }, opts.botOpenId).command(
    pingCommand,
  );
  const inbox = new FeishuInbox(deps.db, deps.clock);
  const processor = new FeishuEventProcessor(
    { inbox, router, sender, clock: deps.clock, log, locale },
    { ...opts.processor, retentionMs },
  );
  const receiver = createFeishuReceiver(app, processor, { clock: deps.clock, log }, window);
  const relay = new OutboxRelay(
    { db: deps.db, clock: deps.clock, log, sender, outbox: deps.outbox },
    opts.relay,
  );

  let sweep: Scheduler | undefined;
  let ws: WsReceiver | undefined;
  return {
    app,
    mode: f.eventMode,
    client,
    sender,
    router,
    inbox,
    processor,
    receiver,
    relay,
    start() {
      relay.start();
      const every = opts.sweepIntervalMs ?? 10_000;
      sweep = inProcessJobs(log, [
        {
          name: 'feishuInboxSweep',
          firstMs: every,
          intervalMs: every,
          run: () => inboxSweepJob(processor, log),
        },
      ]);
      sweep.start().catch((err: unknown) => log.error({ err }, 'Feishu inbox sweep did not start'));
      if (f.eventMode === 'ws') ws = startWsReceiver(app, receiver.dispatcher, log);
      if (!opts.botOpenId) void learnBotOpenId(client, router, log);
    },
    longConnectionReady: () => ws?.connected() ?? false,
    async stop() {
      ws?.close();
      await sweep?.stop();
      await relay.stop();
      await processor.stop();
    },
  };
}

async function learnBotOpenId(client: FeishuClient, router: FeishuRouter, log: Logger): Promise<void> {
  try {
    const res = (await client.sdk.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as {
      bot?: { open_id?: unknown };
    };
    if (typeof res?.bot?.open_id === 'string') router.setBotOpenId(res.bot.open_id);
  } catch (err) {
    log.warn({ err: String(err) }, 'could not learn the bot open_id; any @mention counts as one of the bot');
  }
}
