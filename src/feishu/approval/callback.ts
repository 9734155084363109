import { createHash, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { approvalCenterRefusal } from '../../../cards/lib/approvalCenter.js';
import type { Deps } from '../../deps.js';
import { getSettings } from '../../services/settings/getSettings.js';
import {
  decideFromApprovalCenter,
  type CenterDecisionOutcome,
} from '../../services/requests/decideFromApprovalCenter.js';
import { APPROVAL_CALLBACK_PATH, approvalCallbackToken } from './api.js';

/**
 * The quick-approval callback (三方快捷审批回调): the approval centre posts `{action_type, action_context,
 * user_id, approval_code, instance_id, task_id, reason, token, …}` and waits 10 s for the answer. The body's
 * token must be the definition's `action_callback_token` (compared in constant time); the task's context
 * names the request and the assignee (the centre lets only a task's assignee act on it, and the callback's
 * `user_id` is a user_id AirGate does not map). The decision runs through the same use cases as a card.
 * Answer: `{code:0, msg, data:{status:"SUCCESS"|"FAIL", status_msg}}` — the FAIL shape is unverified.
 */
const bodySchema = z.object({
  action_type: z.enum(['APPROVE', 'REJECT']),
  action_context: z.string().max(1000),
  approval_code: z.string().max(64),
  instance_id: z.string().min(1).max(64),
  task_id: z.string().min(1).max(64),
  reason: z.string().max(2000).optional(),
  token: z.string().max(200),
});
const contextSchema = z.object({ r: z.string().min(1).max(36), o: z.string().min(1).max(64) });

type CallbackDeps = Deps;

const digest = (s: string) => createHash('sha256').update(s).digest();

export function approvalCallbackHandler(deps: CallbackDeps) {
  const feishu = deps.feishu;
  const expected = feishu ? digest(approvalCallbackToken(feishu.app.appSecret)) : undefined;
  const log = deps.log.child({ component: 'approval-centre' });
  return async (ctx: Context): Promise<void> => {
    const raw = await readJson(ctx);
    const parsed = bodySchema.safeParse(raw);
    if (!parsed.success || !expected || !timingSafeEqual(digest(parsed.data.token), expected)) {
      ctx.status = parsed.success ? 401 : 400;
      ctx.body = { code: ctx.status, msg: parsed.success ? 'invalid token' : 'invalid body' };
      return;
    }
    const b = parsed.data;
    const settings = await getSettings(deps);
    let context: z.infer<typeof contextSchema> | undefined;
    try {
      context = contextSchema.parse(JSON.parse(b.action_context));
    } catch {
      context = undefined;
    }
    let outcome: CenterDecisionOutcome = 'unknown_task';
    if (context && settings.approvalCenterCode === b.approval_code) {
      outcome = await decideFromApprovalCenter(deps, {
        instanceId: b.instance_id,
        taskId: b.task_id,
        context,
        action: b.action_type,
        reason: b.reason ?? '',
        requestId: `approval-centre:${b.task_id}:${b.action_type}`,
      });
    }
    log.info({ instanceId: b.instance_id, action: b.action_type, outcome }, 'approval centre decision');
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = answer(outcome, deps.config.locale);
  };
}

function answer(outcome: CenterDecisionOutcome, locale: 'zh' | 'en') {
  if (outcome === 'approved' || outcome === 'rejected')
    return { code: 0, msg: 'success', data: { status: 'SUCCESS' } };
  const why = outcome === 'self_approve' ? 'self' : outcome === 'already_decided' ? 'decided' : 'notAllowed';
  const text = approvalCenterRefusal(why, locale);
  return { code: 0, msg: text, data: { status: 'FAIL', status_msg: text } };
}

async function readJson(ctx: Context): Promise<unknown> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const handlers = new WeakMap<object, (ctx: Context) => Promise<void>>();

/** Remembers the callback handler of one Feishu wiring (createDeps), for buildApp to mount. */
export function registerApprovalCallback(feishu: object, handler: (ctx: Context) => Promise<void>): void {
  handlers.set(feishu, handler);
}

/** Mounts POST /feishu/approval/action when the Feishu app is configured. */
export function mountApprovalCallback(router: Router, feishu: object | undefined): void {
  const handler = feishu && handlers.get(feishu);
  if (handler) router.post(APPROVAL_CALLBACK_PATH, handler);
}
