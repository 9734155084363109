import Router from '@koa/router';
import { z } from 'zod';
import { bodyOf, fail, feishuErrors, ok, type FeishuError } from './responses.js';
import type { SimRuntime } from './runtime.js';
import { SimInputError } from './say.js';

/**
 * Third-party approvals (三方审批, approval v4): a definition synced once, instances synced on every change,
 * and the quick-approval callback (三方快捷审批回调) the approval centre posts to the definition's
 * `action_callback_url` when an assignee approves or rejects a task. The centre never moves an instance by
 * itself: the third party decides and syncs the result back (Open Platform "三方审批实例概述").
 *
 * Shapes follow the installed SDK's types (`client.approval.v4.externalApproval.create`,
 * `externalInstance.create/check`). Scopes: the instance APIs need `approval:approval` or
 * `approval:external_instance` (doc "同步三方审批实例"). Unverified, and therefore harsher: the definition
 * APIs accept `approval:approval` only; the approval error codes (1390001 param invalid, 1390002 approval
 * code not found) and the callback's answer (`{code:0, data:{status:"SUCCESS"}}`, anything else counts as
 * failed) are from memory of the docs; an instance synced with an `update_time` not newer than the stored
 * one is kept as it was (the doc says `update_time` tells which data is newer).
 */
export const APPROVAL_SCOPE = 'approval:approval';
export const EXTERNAL_INSTANCE_SCOPE = 'approval:external_instance';

/** How long the centre waits for the third party's answer to a quick approval (doc: 10 s). */
export const QUICK_APPROVAL_TIMEOUT_MS = 10_000;

export const approvalErrors = {
  paramInvalid: { code: 1390001, msg: 'param is invalid' },
  approvalNotFound: { code: 1390002, msg: 'approval code not found' },
  // Same code as any API the app holds no scope for (Open Platform error table).
  noScope: { code: 99991672, msg: 'Access denied. One of the following scopes is required:' },
} as const;

const msString = z.string().regex(/^\d{1,16}$/, 'a millisecond timestamp as a string');
const links = z.object({ pc_link: z.string().min(1), mobile_link: z.string().optional() });
const i18nResources = z
  .array(
    z.object({
      locale: z.enum(['zh-CN', 'en-US', 'ja-JP']),
      texts: z.array(z.object({ key: z.string().min(1), value: z.string() })),
      is_default: z.boolean(),
    }),
  )
  .min(1);

const definitionSchema = z.object({
  approval_name: z.string().min(1),
  approval_code: z.string().min(1).max(64),
  group_code: z.string().optional(),
  group_name: z.string().optional(),
  description: z.string().optional(),
  external: z.object({
    biz_name: z.string().optional(),
    biz_type: z.string().optional(),
    create_link_pc: z.string().optional(),
    create_link_mobile: z.string().optional(),
    support_pc: z.boolean().optional(),
    support_mobile: z.boolean().optional(),
    support_batch_read: z.boolean().optional(),
    enable_mark_readed: z.boolean().optional(),
    enable_quick_operate: z.boolean().optional(),
    action_callback_url: z.string().url().optional(),
    action_callback_token: z.string().optional(),
    action_callback_key: z.string().optional(),
    allow_batch_operate: z.boolean().optional(),
    exclude_efficiency_statistics: z.boolean().optional(),
  }),
  viewers: z
    .array(
      z.object({
        viewer_type: z.enum(['TENANT', 'DEPARTMENT', 'USER', 'NONE']).optional(),
        viewer_user_id: z.string().optional(),
        viewer_department_id: z.string().optional(),
      }),
    )
    .optional(),
  i18n_resources: i18nResources.optional(),
  managers: z.array(z.string()).optional(),
});
export type SimApprovalDefinition = z.infer<typeof definitionSchema>;

const taskSchema = z.object({
  task_id: z.string().min(1),
  user_id: z.string().optional(),
  open_id: z.string().optional(),
  title: z.string().optional(),
  links,
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'TRANSFERRED', 'DONE']),
  extra: z.string().optional(),
  create_time: msString,
  end_time: msString,
  update_time: msString.optional(),
  action_context: z.string().optional(),
  action_configs: z
    .array(
      z.object({
        action_type: z.string(),
        action_name: z.string().optional(),
        is_need_reason: z.boolean().optional(),
        is_reason_required: z.boolean().optional(),
        is_need_attachment: z.boolean().optional(),
      }),
    )
    .optional(),
  display_method: z.enum(['BROWSER', 'SIDEBAR', 'NORMAL', 'TRUSTEESHIP']).optional(),
  exclude_statistics: z.boolean().optional(),
  node_id: z.string().optional(),
  node_name: z.string().optional(),
  generate_type: z.enum(['EXTERNAL_CONSIGN', 'DEFAULT']).optional(),
});

const instanceSchema = z.object({
  approval_code: z.string().min(1),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELED', 'DELETED', 'HIDDEN', 'TERMINATED']),
  extra: z.string().optional(),
  instance_id: z.string().min(1).max(64),
  links,
  title: z.string().optional(),
  form: z.array(z.object({ name: z.string().optional(), value: z.string().optional() })).optional(),
  user_id: z.string().optional(),
  user_name: z.string().optional(),
  open_id: z.string().optional(),
  department_id: z.string().optional(),
  department_name: z.string().optional(),
  start_time: msString,
  end_time: msString,
  update_time: msString,
  display_method: z.enum(['BROWSER', 'SIDEBAR', 'NORMAL', 'TRUSTEESHIP']).optional(),
  update_mode: z.enum(['REPLACE', 'UPDATE']).optional(),
  task_list: z.array(taskSchema).optional(),
  cc_list: z.array(z.unknown()).optional(),
  i18n_resources: i18nResources,
});
export type SimApprovalInstance = z.infer<typeof instanceSchema>;
export type SimApprovalTask = z.infer<typeof taskSchema>;

const checkSchema = z.object({
  instances: z.array(
    z.object({
      instance_id: z.string().min(1),
      update_time: msString,
      tasks: z.array(z.object({ task_id: z.string().min(1), update_time: msString })),
    }),
  ),
});

/** One quick-approval callback the centre posted, and what the third party answered. */
export type QuickApprovalCall = {
  at: number;
  instanceId: string;
  taskId: string;
  actionType: 'APPROVE' | 'REJECT';
  status: number;
  body: string;
  /** The answer counted as success (HTTP 200 within 10 s and `{code:0}`, data.status not FAIL). */
  ok: boolean;
  error?: string;
};

export class ApprovalCenterState {
  readonly definitions = new Map<string, SimApprovalDefinition>();
  /** Instances by approval code and instance id; `versions` counts accepted syncs. */
  readonly instances = new Map<string, SimApprovalInstance & { versions: number }>();
  readonly calls: QuickApprovalCall[] = [];
  /** Syncs refused or ignored (stale update_time): what a third party would not notice without `check`. */
  readonly ignored: Array<{ instanceId: string; update_time: string }> = [];
}

const key = (code: string, id: string) => `${code}\u0000${id}`;

function requireScope(rt: SimRuntime, anyOf: readonly string[]): void {
  if (anyOf.some((s) => rt.state.scopes.has(s))) return;
  const err: FeishuError = {
    code: approvalErrors.noScope.code,
    msg: `${approvalErrors.noScope.msg}[${anyOf.join(', ')}]`,
  };
  fail(err, undefined, 400);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const first = r.error.issues[0];
    fail(feishuErrors.fieldValidation, first ? `${first.path.join('.')}: ${first.message}` : undefined);
  }
  return r.data;
}

/** Every `@i18n@…` key the body names must have a text in the default locale (doc: names and form are keys). */
function checkI18n(names: Array<string | undefined>, resources: z.infer<typeof i18nResources>): void {
  const defaults = resources.filter((r) => r.is_default);
  if (defaults.length !== 1) fail(approvalErrors.paramInvalid, 'exactly one i18n resource is_default');
  const keys = new Set(defaults[0]!.texts.map((t) => t.key));
  for (const n of names) {
    if (n !== undefined && n.startsWith('@i18n@') && !keys.has(n))
      fail(approvalErrors.paramInvalid, `i18n key ${n} has no text in the default locale`);
  }
}

export function approvalRoutes(rt: SimRuntime, s: ApprovalCenterState): Router {
  const r = new Router({ prefix: '/open-apis/approval/v4' });
  r.post('/external_approvals', (ctx) => {
    requireScope(rt, [APPROVAL_SCOPE]);
    const def = parse(definitionSchema, bodyOf(ctx));
    if (!def.approval_name.startsWith('@i18n@'))
      fail(approvalErrors.paramInvalid, 'approval_name must be an i18n key (@i18n@…)');
    if (!def.i18n_resources) fail(approvalErrors.paramInvalid, 'i18n_resources is required');
    checkI18n([def.approval_name, def.description], def.i18n_resources);
    if (def.external.enable_quick_operate && !def.external.action_callback_url)
      fail(approvalErrors.paramInvalid, 'quick operation needs action_callback_url');
    s.definitions.set(def.approval_code, def);
    ok(ctx, { approval_code: def.approval_code });
  });
  r.get('/external_approvals/:approval_code', (ctx) => {
    requireScope(rt, [APPROVAL_SCOPE]);
    const def = s.definitions.get(ctx.params.approval_code ?? '');
    if (!def) fail(approvalErrors.approvalNotFound);
    // The callback token is the third party's secret: echoed to the app that set it, as the SDK type has it.
    ok(ctx, { ...def, group_code: def.group_code ?? 'airgate' });
  });
  r.post('/external_instances', (ctx) => {
    requireScope(rt, [APPROVAL_SCOPE, EXTERNAL_INSTANCE_SCOPE]);
    const inst = parse(instanceSchema, bodyOf(ctx));
    if (!s.definitions.has(inst.approval_code)) fail(approvalErrors.approvalNotFound);
    const names = [inst.title, ...(inst.form ?? []).flatMap((f) => [f.name, f.value])];
    names.push(...(inst.task_list ?? []).map((t) => t.title));
    checkI18n(names, inst.i18n_resources);
    const ids = new Set<string>([inst.instance_id]);
    for (const t of inst.task_list ?? []) {
      if (ids.has(t.task_id)) fail(approvalErrors.paramInvalid, `duplicate id ${t.task_id}`);
      ids.add(t.task_id);
      if (!t.open_id && !t.user_id) fail(approvalErrors.paramInvalid, 'a task needs open_id or user_id');
      if (t.open_id && !rt.state.users.has(t.open_id))
        fail(approvalErrors.paramInvalid, `unknown open_id ${t.open_id}`);
    }
    const k = key(inst.approval_code, inst.instance_id);
    const prev = s.instances.get(k);
    if (prev && BigInt(prev.update_time) >= BigInt(inst.update_time)) {
      s.ignored.push({ instanceId: inst.instance_id, update_time: inst.update_time });
    } else {
      s.instances.set(k, { ...structuredClone(inst), versions: (prev?.versions ?? 0) + 1 });
      rt.state.record(
        { kind: 'update', messageId: `approval:${inst.instance_id}`, chatId: '' },
        rt.clock.now(),
      );
    }
    ok(ctx, { data: inst });
  });
  r.post('/external_instances/check', (ctx) => {
    requireScope(rt, [APPROVAL_SCOPE, EXTERNAL_INSTANCE_SCOPE]);
    const body = parse(checkSchema, bodyOf(ctx));
    const diff = [];
    for (const i of body.instances) {
      const stored = [...s.instances.values()].find((x) => x.instance_id === i.instance_id);
      const tasksDiffer = i.tasks.filter((t) => {
        const st = stored?.task_list?.find((x) => x.task_id === t.task_id);
        return !st || (st.update_time ?? st.create_time) !== t.update_time;
      });
      if (!stored || stored.update_time !== i.update_time || tasksDiffer.length)
        diff.push({ instance_id: i.instance_id, update_time: i.update_time, tasks: tasksDiffer });
    }
    ok(ctx, { diff_instances: diff });
  });
  return r;
}

export type QuickApprovalInput = {
  instanceId: string;
  /** The assignee acting (only the task's own assignee can act on it in the centre). */
  openId: string;
  action: 'APPROVE' | 'REJECT';
  /** Default: the assignee's pending task of that instance. */
  taskId?: string;
  reason?: string;
};

/**
 * An assignee presses 同意/拒绝 on a pending task in the approval centre: the centre posts the callback to
 * the definition's action_callback_url (with the definition's token in the body) and waits up to 10 s.
 * The instance stays as it was: the third party must sync its result back.
 */
export async function quickApprove(
  rt: SimRuntime,
  s: ApprovalCenterState,
  input: QuickApprovalInput,
  timeoutMs = QUICK_APPROVAL_TIMEOUT_MS,
): Promise<QuickApprovalCall> {
  const inst = [...s.instances.values()].find((i) => i.instance_id === input.instanceId);
  if (!inst) throw new SimInputError(`no instance ${input.instanceId}`, 404);
  const def = s.definitions.get(inst.approval_code);
  if (!def?.external.enable_quick_operate || !def.external.action_callback_url)
    throw new SimInputError('the definition has no quick operation');
  if (inst.status !== 'PENDING') throw new SimInputError(`the instance is ${inst.status}`, 409);
  const task = (inst.task_list ?? []).find(
    (t) => (input.taskId ? t.task_id === input.taskId : true) && t.open_id === input.openId,
  );
  if (!task) throw new SimInputError(`${input.openId} has no task in ${input.instanceId}`, 403);
  if (task.status !== 'PENDING') throw new SimInputError(`the task is ${task.status}`, 409);
  const user = rt.state.users.get(input.openId);
  const body = {
    action_type: input.action,
    action_context: task.action_context ?? '',
    user_id: user?.userId ?? '',
    // Unverified whether the callback carries open_id; the simulator sends none, so AirGate must not need it.
    approval_code: inst.approval_code,
    instance_id: inst.instance_id,
    task_id: task.task_id,
    reason: input.reason ?? '',
    token: def.external.action_callback_token ?? '',
  };
  const at = rt.clock.now();
  const call: QuickApprovalCall = {
    at,
    instanceId: inst.instance_id,
    taskId: task.task_id,
    actionType: input.action,
    status: 0,
    body: '',
    ok: false,
  };
  try {
    const res = await fetch(def.external.action_callback_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    call.status = res.status;
    call.body = await res.text();
    call.ok = res.status === 200 && answeredSuccess(call.body);
  } catch (err) {
    call.error = err instanceof Error ? err.name : 'error';
  }
  s.calls.push(call);
  return call;
}

function answeredSuccess(text: string): boolean {
  try {
    const b = JSON.parse(text) as { code?: unknown; data?: { status?: unknown } };
    return b.code === 0 && b.data?.status !== 'FAIL';
  } catch {
    return false;
  }
}

/** The simulator's view of the approval centre, for tests and /__sim/. */
export type ApprovalCenterSim = {
  definition(code: string): SimApprovalDefinition | undefined;
  instance(instanceId: string): (SimApprovalInstance & { versions: number }) | undefined;
  instances(): Array<SimApprovalInstance & { versions: number }>;
  /** An assignee's pending tasks (审批中心 → 待办). */
  todo(openId: string): Array<{ instanceId: string; task: SimApprovalTask }>;
  act(input: QuickApprovalInput): Promise<QuickApprovalCall>;
  calls(): QuickApprovalCall[];
  ignoredSyncs(): Array<{ instanceId: string; update_time: string }>;
  /** The text of an @i18n@ key in an instance's default locale. */
  text(instanceId: string, i18nKey: string | undefined): string | undefined;
};

export function approvalCenterSim(rt: SimRuntime, s: ApprovalCenterState): ApprovalCenterSim {
  const copy = <T>(v: T): T => structuredClone(v);
  const find = (id: string) => [...s.instances.values()].find((i) => i.instance_id === id);
  return {
    definition: (code) => copy(s.definitions.get(code)),
    instance: (id) => copy(find(id)),
    instances: () => [...s.instances.values()].map(copy),
    todo: (openId) =>
      [...s.instances.values()].flatMap((i) =>
        i.status !== 'PENDING'
          ? []
          : (i.task_list ?? [])
              .filter((t) => t.open_id === openId && t.status === 'PENDING')
              .map((t) => ({ instanceId: i.instance_id, task: copy(t) })),
      ),
    act: (input) => quickApprove(rt, s, input),
    calls: () => s.calls.map(copy),
    ignoredSyncs: () => s.ignored.map(copy),
    text(id, k) {
      const i = find(id);
      if (!i || k === undefined) return undefined;
      if (!k.startsWith('@i18n@')) return k;
      return i.i18n_resources.find((r) => r.is_default)?.texts.find((t) => t.key === k)?.value;
    },
  };
}
