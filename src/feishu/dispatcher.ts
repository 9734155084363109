import { AsyncLocalStorage } from 'node:async_hooks';
import { lark, type Lark } from './sdk.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import { sdkLogger, type FeishuAppConfig } from './client.js';
import type { FeishuEventProcessor } from './eventProcessor.js';
import { FeishuRequestVerifier, type IncomingHeaders, type RequestWindow } from './verify.js';

export type HttpAnswer = { status: number; body: unknown };

export type FeishuReceiver = {
  /** The SDK dispatcher with AirGate's handlers; the WS client hands its events to the same one. */
  dispatcher: Lark.EventDispatcher;
  /** One POST /feishu/events: verify, hand to the SDK, answer. */
  handleHttp(headers: IncomingHeaders, body: unknown): Promise<HttpAnswer>;
};

/**
 * AirGate's handlers registered on the SDK's EventDispatcher: events, and 2.0 card callbacks, which
 * come in the same envelope over HTTP and over the long connection (the old callback style is refused by
 * the verifier, see verify.ts).
 * The SDK's Koa adapter is not used as is: on a failed signature it answers 204, which Feishu counts
 * as delivered, and it has no hook for the checks the SDK leaves out; this route runs those checks
 * (FeishuRequestVerifier) and then the SDK's own verification and parsing via `invoke`.
 */
export function createFeishuReceiver(
  app: Pick<FeishuAppConfig, 'encryptKey' | 'verificationToken'>,
  processor: FeishuEventProcessor,
  deps: { clock: Clock; log: Logger },
  opts: RequestWindow = {},
): FeishuReceiver {
  const transport = new AsyncLocalStorage<'http'>();
  const source = () => transport.getStore() ?? 'ws';
  const params = {
    encryptKey: app.encryptKey ?? '',
    verificationToken: app.verificationToken ?? '',
    logger: sdkLogger(deps.log),
    loggerLevel: lark.LoggerLevel.warn,
  };
  const on = (type: string) => (data: Record<string, unknown>) =>
    processor.accept(type, str(data.event_id), data, source());

  const dispatcher = new lark.EventDispatcher(params).register({
    'im.message.receive_v1': on('im.message.receive_v1'),
    'application.bot.menu_v6': on('application.bot.menu_v6'),
    'card.action.trigger': on('card.action.trigger'),
  });
  const verifier = new FeishuRequestVerifier(app, { event: dispatcher }, deps.clock, opts);

  async function handleHttp(headers: IncomingHeaders, body: unknown): Promise<HttpAnswer> {
    const verdict = verifier.check(headers, body);
    if (!verdict.ok) {
      deps.log.warn({ reason: verdict.reason }, 'Feishu request refused');
      return { status: verdict.status, body: { code: verdict.status, msg: verdict.reason } };
    }
    if (verdict.kind === 'challenge') {
      return {
        status: 200,
        body: lark.generateChallenge(verdict.sdkData, { encryptKey: params.encryptKey }).challenge,
      };
    }
    // The verifier has checked the signature and decrypted the body: the SDK is handed the plaintext and
    // told not to check again (`needCheck: false`), so it only flattens and dispatches (its own check and
    // decryption, a second time per request, were a tenth of the acknowledgement's CPU).
    if (verdict.kind === 'event') {
      const result: unknown = await transport.run('http', () =>
        dispatcher.invoke(verdict.plaintext, { needCheck: false }),
      );
      if (typeof result === 'string' && result.startsWith('no ')) {
        // An event type AirGate does not subscribe to: acknowledged so that Feishu does not retry it.
        deps.log.debug({ result }, 'Feishu event without handler');
      }
      return { status: 200, body: {} };
    }
    // A 2.0 card callback is the same envelope, dispatched to the same 'card.action.trigger' handler;
    // a handler that throws is answered like the SDK's CardActionHandler does, with an empty answer.
    const answer: unknown = await transport
      .run('http', () => dispatcher.invoke(verdict.plaintext, { needCheck: false }))
      .catch((err: unknown) => {
        deps.log.error({ err }, 'Feishu card callback failed');
        return undefined;
      });
    return { status: 200, body: answer ?? {} };
  }

  return { dispatcher, handleHttp };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
