import type { Context } from 'koa';
import { HttpProblem, type FieldProblem } from './problem.js';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The JSON body of an API request: undefined when there is none. Only JSON media types are accepted, and
 * at most 64 KiB (no API body is anywhere near that). Unparsable JSON is a field problem, not a throw.
 */
export async function readJsonBody(ctx: Context, problems: FieldProblem[]): Promise<unknown> {
  const raw = await readRaw(ctx);
  if (raw.length === 0) return undefined;
  const type = ctx.request.type;
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpProblem(415, '请求体须为 application/json / the body must be application/json', {
      Accept: 'application/json',
    });
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    problems.push({ in: 'body', field: '', message: '请求体不是有效的 JSON / the body is not valid JSON' });
    return undefined;
  }
}

async function readRaw(ctx: Context): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): HttpProblem {
  return new HttpProblem(
    413,
    `请求体不能超过 ${MAX_BODY_BYTES / 1024} KiB / the body must not exceed ${MAX_BODY_BYTES / 1024} KiB`,
  );
}
