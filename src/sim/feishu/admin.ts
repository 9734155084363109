import Router from '@koa/router';
import type { Context } from 'koa';
import type { FaultSettings } from './faults.js';
import { bodyOf } from './responses.js';
import { SimInputError } from './say.js';
import type { FeedItem } from './state.js';
import type { FeishuSim } from './server.js';

/**
 * The simulator's own endpoints, under /__sim/ (no Feishu API lives there): what users do (say,
 * click, menu), what the bot did (messages, feed), seeding, faults, clock. The terminal chat and
 * the sandbox drive a simulator in another process through these.
 */
export function adminRoutes(sim: FeishuSim): Router {
  const r = new Router({ prefix: '/__sim' });

  r.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof SimInputError)) throw err;
      ctx.status = err.status;
      ctx.body = { error: err.message };
    }
  });

  r.get('/info', (ctx) => {
    ctx.body = {
      url: sim.url,
      appId: sim.app.appId,
      bot: sim.bot,
      eventUrl: sim.eventUrl(),
      now: sim.now(),
      lastSeq: sim.lastSeq(),
    };
  });
  r.get('/users', (ctx) => void (ctx.body = sim.users()));
  r.post('/users', (ctx) => {
    const b = bodyOf(ctx);
    sim.seedUsers(list(b.users ?? b) as Parameters<FeishuSim['seedUsers']>[0]);
    ctx.body = sim.users();
  });
  r.get('/chats', (ctx) => void (ctx.body = sim.chats()));
  r.post('/chats', (ctx) => {
    const b = bodyOf(ctx);
    for (const chat of Array.isArray(b.chats) ? b.chats : [b])
      sim.seedChat(chat as Parameters<FeishuSim['seedChat']>[0]);
    ctx.body = sim.chats();
  });
  r.put('/event-url', (ctx) => {
    sim.setEventUrl(String(bodyOf(ctx).url ?? ''));
    ctx.body = { eventUrl: sim.eventUrl() };
  });
  r.get('/scopes', (ctx) => void (ctx.body = { scopes: sim.scopes() }));
  r.put('/scopes', (ctx) => {
    const scopes = bodyOf(ctx).scopes;
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))
      throw new SimInputError('scopes must be a list of scope names');
    sim.setScopes(scopes as string[]);
    ctx.body = { scopes: sim.scopes() };
  });
  r.post('/verify-url', async (ctx) => void (ctx.body = await sim.verifyUrl()));

  r.post(
    '/say',
    async (ctx) => void (ctx.body = await sim.say(bodyOf(ctx) as Parameters<FeishuSim['say']>[0])),
  );
  r.post(
    '/click',
    async (ctx) => void (ctx.body = await sim.click(bodyOf(ctx) as Parameters<FeishuSim['click']>[0])),
  );
  r.post(
    '/menu',
    async (ctx) => void (ctx.body = await sim.menu(bodyOf(ctx) as Parameters<FeishuSim['menu']>[0])),
  );

  r.get('/messages', (ctx) => {
    const q = ctx.query;
    ctx.body = sim.messages({
      chatId: str(q.chatId),
      openId: str(q.openId),
      from: (str(q.from) as 'bot' | 'users' | 'all' | undefined) ?? 'bot',
    });
  });
  r.get('/messages/:id', (ctx) => {
    const msg = sim.message(ctx.params.id ?? '');
    if (!msg) throw new SimInputError(`no message ${ctx.params.id}`, 404);
    ctx.body = msg;
  });
  r.get('/feed', async (ctx) => void (ctx.body = await feed(sim, ctx)));
  r.get('/deliveries', (ctx) => void (ctx.body = sim.deliveries(str(ctx.query.eventId))));

  // The org chart (contact v3) and the approval centre (三方审批): seed departments and their leaders, read
  // the centre's items and a person's 待办, and act on a task as its assignee would in the centre.
  r.get('/departments', (ctx) => void (ctx.body = sim.contact.departments()));
  r.post('/departments', (ctx) => {
    const b = bodyOf(ctx);
    for (const d of list(b.departments ?? b)) sim.contact.seedDepartment(departmentOf(d));
    ctx.body = sim.contact.departments();
  });
  r.get('/approval/instances', (ctx) => void (ctx.body = sim.approval.instances().map(centreItem(sim))));
  r.get('/approval/instances/:id', (ctx) => {
    const i = sim.approval.instance(ctx.params.id ?? '');
    if (!i) throw new SimInputError(`no approval instance ${ctx.params.id}`, 404);
    ctx.body = centreItem(sim)(i);
  });
  r.get('/approval/todo', (ctx) => {
    const openId = str(ctx.query.openId);
    if (!openId) throw new SimInputError('openId is required');
    ctx.body = sim.approval.todo(openId);
  });
  r.post('/approval/act', async (ctx) => {
    const b = bodyOf(ctx);
    const action = b.action;
    if (typeof b.instanceId !== 'string' || typeof b.openId !== 'string')
      throw new SimInputError('instanceId and openId are required');
    if (action !== 'APPROVE' && action !== 'REJECT')
      throw new SimInputError('action must be APPROVE or REJECT');
    ctx.body = await sim.approval.act({
      instanceId: b.instanceId,
      openId: b.openId,
      action,
      ...(typeof b.reason === 'string' ? { reason: b.reason } : {}),
      ...(typeof b.taskId === 'string' ? { taskId: b.taskId } : {}),
    });
  });

  r.get('/faults', (ctx) => void (ctx.body = sim.faults()));
  r.put('/faults', (ctx) => {
    const b = bodyOf(ctx);
    const f: FaultSettings = { ...(b as FaultSettings) };
    if (typeof b.outageUntil === 'string') f.outageUntil = new Date(b.outageUntil);
    if (typeof b.outageForMs === 'number') f.outageUntil = new Date(sim.now() + b.outageForMs);
    delete (f as { outageForMs?: unknown }).outageForMs;
    sim.setFaults(f);
    ctx.body = sim.faults();
  });
  r.get('/clock', (ctx) => void (ctx.body = { now: sim.now(), iso: new Date(sim.now()).toISOString() }));
  r.post('/clock/advance', async (ctx) => {
    const ms = Number(bodyOf(ctx).ms);
    if (!Number.isFinite(ms) || ms < 0) throw new SimInputError('ms must be a non-negative number');
    await sim.advance(ms);
    ctx.body = { now: sim.now(), iso: new Date(sim.now()).toISOString() };
  });
  return r;
}

/** Long poll: changes after `after`, visible to `openId` if given; waits up to waitMs for the first. */
async function feed(sim: FeishuSim, ctx: Context): Promise<{ items: FeedItem[]; last: number }> {
  const after = Number(ctx.query.after ?? 0) || 0;
  const waitMs = Math.min(Number(ctx.query.waitMs ?? 0) || 0, 30_000);
  const openId = str(ctx.query.openId);
  const chatId = str(ctx.query.chatId);
  const pick = () => sim.feed(after, { openId, chatId });
  let items = pick();
  if (items.length === 0 && waitMs > 0) {
    await sim.waitForChange(waitMs, () => pick().length > 0);
    items = pick();
  }
  return { items, last: items.at(-1)?.seq ?? Math.max(after, 0) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function departmentOf(v: unknown): Parameters<FeishuSim['contact']['seedDepartment']>[0] {
  const d = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const opt = (k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : undefined);
  const departmentId = opt('departmentId');
  const name = opt('name');
  if (!departmentId || !name) throw new SimInputError('a department needs departmentId and name');
  const parentDepartmentId = opt('parentDepartmentId');
  const leaderOpenId = opt('leaderOpenId');
  return {
    departmentId,
    name,
    ...(parentDepartmentId ? { parentDepartmentId } : {}),
    ...(leaderOpenId ? { leaderOpenId } : {}),
  };
}

/** A centre item as a person would read it: its title and form in the default language, its tasks. */
function centreItem(sim: FeishuSim) {
  return (i: NonNullable<ReturnType<FeishuSim['approval']['instance']>>) => ({
    instanceId: i.instance_id,
    status: i.status,
    title: sim.approval.text(i.instance_id, i.title),
    form: (i.form ?? []).map((f) => [
      sim.approval.text(i.instance_id, f.name),
      sim.approval.text(i.instance_id, f.value),
    ]),
    tasks: (i.task_list ?? []).map((t) => ({ openId: t.open_id, status: t.status })),
    versions: i.versions,
  });
}
