import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import Koa from 'koa';
import Router from '@koa/router';

export const testApp = {
  appId: 'cli_a1b2c3d4e5f60001',
  appSecret: 'airgate-test-app-secret-0001',
  encryptKey: 'AirGateTestEncryptKey2024',
  verificationToken: 'v_AirGateVerificationToken01',
};

export const alice = { openId: 'ou_7d8a6e6df7621556ce0d21922b676706', name: 'Alice' };
export const bob = { openId: 'ou_3b7b0d7b3b7f4a2c8e9a5d1f2c3b4a5e', name: 'Bob', locale: 'en' as const };

export type Bot = { url: string; received: Array<Record<string, unknown>>; close(): Promise<void> };

/** A bot built the way AirGate builds it: the official SDK's EventDispatcher behind adaptKoaRouter. */
export async function startSdkBot(
  handlers: Record<string, (data: Record<string, unknown>) => unknown>,
  creds: { encryptKey?: string; verificationToken?: string } = testApp,
): Promise<Bot> {
  const received: Array<Record<string, unknown>> = [];
  const wrapped: Record<string, (data: Record<string, unknown>) => unknown> = {};
  for (const [type, fn] of Object.entries(handlers)) {
    wrapped[type] = async (data) => {
      received.push(data);
      return fn(data);
    };
  }
  const dispatcher = new lark.EventDispatcher({ ...creds, loggerLevel: lark.LoggerLevel.fatal }).register(
    wrapped as never,
  );
  const koa = new Koa();
  const router = new Router();
  router.post('/feishu/events', lark.adaptKoaRouter(dispatcher, { autoChallenge: true }));
  koa.use(router.routes());
  const server: Server = createServer(koa.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feishu/events`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The SDK Client as AirGate builds it, with its own token cache (the default one is process-wide per app id). */
export function sdkClient(url: string, creds: { appId: string; appSecret: string } = testApp): lark.Client {
  const store = new Map<string, { value: unknown; expire?: number }>();
  const key = (k: string | symbol, ns?: string) => `${ns ?? ''}:${String(k)}`;
  const cache = {
    set: async (k: string | symbol, value: unknown, expire?: number, o?: { namespace?: string }) => {
      store.set(key(k, o?.namespace), { value, expire });
      return true;
    },
    get: async (k: string | symbol, o?: { namespace?: string }) => {
      const hit = store.get(key(k, o?.namespace));
      return hit && (hit.expire === undefined || hit.expire > Date.now()) ? hit.value : undefined;
    },
  };
  return new lark.Client({
    ...creds,
    domain: url,
    cache: cache as unknown as ConstructorParameters<typeof lark.Client>[0]['cache'],
    loggerLevel: lark.LoggerLevel.fatal,
  });
}

export const simpleCard = (title: string, extra: unknown[] = []) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
  body: { elements: [{ tag: 'markdown', content: `**${title}**` }, ...extra] },
});

export const button = (label: string, value: Record<string, unknown>, type = 'primary') => ({
  tag: 'button',
  text: { tag: 'plain_text', content: label },
  type,
  behaviors: [{ type: 'callback', value }],
});
