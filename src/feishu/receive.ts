import type Router from '@koa/router';
import type { Context } from 'koa';
import { observeFeishuAck } from '../metrics/registry.js';
import type { FeishuReceiver } from './dispatcher.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `POST /feishu/events`: the one URL for events and card callbacks in HTTP mode. Works with or without
 * a body parser mounted before it (the SDK signs `JSON.stringify(parsed)`, never the raw bytes).
 */
export function mountFeishuRoutes(router: Router, receiver: FeishuReceiver): void {
  router.post('/feishu/events', async (ctx) => {
    const started = performance.now();
    const body = await readJson(ctx);
    if (body === undefined) {
      ctx.status = 400;
      ctx.body = { code: 400, msg: 'body is not JSON' };
      return;
    }
    const answer = await receiver.handleHttp(ctx.req.headers, body);
    ctx.status = answer.status;
    ctx.body = answer.body;
    observeFeishuAck(answer.status, performance.now() - started);
  });
}

async function readJson(ctx: Context): Promise<unknown> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
