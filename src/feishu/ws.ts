import { lark, type Lark } from './sdk.js';
import type { Logger } from '../log/logger.js';
import { sdkLogger, type FeishuAppConfig } from './client.js';

export type WsReceiver = {
  close(): void;
  /** The SDK reports "connected" once the socket is open and its frame handler is attached. */
  connected(): boolean;
};

/**
 * FEISHU_EVENT_MODE=ws: the SDK's long connection, for installs without a public URL. Events (card
 * callbacks included) reach the same EventDispatcher, hence the same handlers, as over HTTP. The SDK
 * does no signature check on this path (the connection itself is authenticated with the app secret),
 * and it sends the handler's return value back as the answer.
 */
export function startWsReceiver(
  app: FeishuAppConfig,
  dispatcher: Lark.EventDispatcher,
  log: Logger,
): WsReceiver {
  const client = new lark.WSClient({
    appId: app.appId,
    appSecret: app.appSecret,
    domain: app.baseUrl.replace(/\/+$/, ''),
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
    autoReconnect: true,
    onReady: () => log.info('Feishu long connection ready'),
    onError: (err) => log.error({ err }, 'Feishu long connection failed'),
    onReconnected: () => log.info('Feishu long connection re-established'),
  });
  if (!/^cli_[0-9a-fA-F]{16}$/.test(app.appId)) {
    // The SDK refuses other app ids silently; say so once, loudly.
    log.error(
      'FEISHU_APP_ID is not a Feishu app id (cli_ + 16 hex digits): the long connection will not start',
    );
  }
  void client.start({ eventDispatcher: dispatcher });
  return {
    close: () => client.close({ force: true }),
    connected: () => client.getConnectionStatus().state === 'connected',
  };
}
