import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { bodyOf, FeishuApiError, ok, type FeishuError } from './responses.js';
import type { SimRuntime } from './runtime.js';
import type { SimState } from './state.js';
import type { FeishuSim } from './types.js';
import { requireAnyScope } from './urgent.js';

/**
 * Feishu Base (多维表格, bitable v1): the part AirGate writes its month-end statement through.
 *
 * - `GET  /open-apis/bitable/v1/apps/:app_token/tables` (列出数据表), scope bitable:app | bitable:app:readonly |
 *   base:table:read;
 * - `POST /open-apis/bitable/v1/apps/:app_token/tables` `{table:{name, default_view_name?, fields?}}` →
 *   `{table_id, default_view_id, field_id_list}` (新增数据表), scope bitable:app | base:table:create;
 * - `GET  …/tables/:table_id/fields` (列出字段), scope bitable:app | bitable:app:readonly | base:field:read;
 * - `POST …/tables/:table_id/records/batch_create?client_token=` `{records:[{fields}]}` → `{records:[{record_id,
 *   fields}]}` (新增多条记录), scope bitable:app | base:record:create.
 *
 * Copied from the reference: bitable's business errors come with HTTP 200 (a few with 400/403), codes
 * 1254040 BaseTokenNotFound, 1254041 TableIdNotFound, 1254045 FieldNameNotFound, 1254060 TextFieldConvFail,
 * 1254061 NumberFieldConvFail, 1254104 RecordAddOnceExceedLimit, 1254103 RecordExceedLimit (20,000), 1254013
 * TableNameDuplicated, 1254014 FieldNameDuplicated (400), 1254012 an index field of a type it cannot be,
 * 1254100 more than 100 tables, 1254037 a client_token that is not a UUIDv4 (400).
 *
 * The batch limit: the SDK's types and the reference say "单次调用最多新增 1,000 条记录"; the batch is a
 * simulator setting (`recordsPerBatch`, default 1,000) so AirGate can be tested under a stricter one (500).
 *
 * Unverified (harsher choices): a Base the app was not added to as a document app answers HTTP 403 with
 * 1254302; a repeated client_token with the same records returns the first answer again (the reference
 * names the key idempotent), with different records 1255006 (client token conflict).
 */
export const bitableErrors = {
  badToken: { code: 1254040, msg: 'BaseTokenNotFound' },
  badTable: { code: 1254041, msg: 'TableIdNotFound' },
  badField: { code: 1254045, msg: 'FieldNameNotFound' },
  textConv: { code: 1254060, msg: 'TextFieldConvFail' },
  numberConv: { code: 1254061, msg: 'NumberFieldConvFail' },
  onceLimit: { code: 1254104, msg: 'RecordAddOnceExceedLimit' },
  recordLimit: { code: 1254103, msg: 'RecordExceedLimit' },
  tableDuplicated: { code: 1254013, msg: 'TableNameDuplicated' },
  fieldDuplicated: { code: 1254014, msg: 'FieldNameDuplicated' },
  notSupportField: { code: 1254012, msg: 'NotSupportFieldOrView' },
  tableLimit: { code: 1254100, msg: 'TableExceedLimit' },
  wrongBody: { code: 1254001, msg: 'WrongRequestBody' },
  badClientToken: {
    code: 1254037,
    msg: 'Invalid client token, make sure that it complies with the specification.',
  },
  tokenConflict: {
    code: 1255006,
    msg: 'Client token conflict, please generate a new client token and try again.',
  },
  forbidden: { code: 1254302, msg: 'Permission denied.' },
} as const satisfies Record<string, FeishuError>;

/** Field types AirGate uses (1 多行文本, 2 数字, 5 日期, 7 复选框) and the rest by number. */
export type SimField = { fieldId: string; name: string; type: number };
export type SimRecord = { recordId: string; fields: Record<string, unknown>; createdAt: number };
export type SimTable = { tableId: string; name: string; fields: SimField[]; records: SimRecord[] };
export type SimBase = { appToken: string; name: string; appHasAccess: boolean; tables: SimTable[] };

export type BitableSimSettings = { recordsPerBatch: number };

type BitableState = {
  bases: Map<string, SimBase>;
  settings: BitableSimSettings;
  tokens: Map<string, { body: string; answer: unknown }>;
};

const states = new WeakMap<SimState, BitableState>();
const INDEX_TYPES = new Set([1, 2, 5, 13, 15, 20, 22]);
const MAX_RECORDS = 20_000;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Ids shaped like Feishu's: a prefix and letters/digits (app_token bascn…, table_id tbl…, fld…, rec…). */
const id = (prefix: string, n = 8) => prefix + [...randomBytes(n + 5)].map((b) => ALNUM[b % 62]).join('');

export function bitableStateOf(state: SimState): BitableState {
  let s = states.get(state);
  if (!s) {
    s = { bases: new Map(), settings: { recordsPerBatch: 1000 }, tokens: new Map() };
    states.set(state, s);
  }
  return s;
}

/** Adds a Base (as a user would create one and add the app to it as a document app). */
export function seedBase(
  state: SimState,
  base: { appToken?: string; name: string; appHasAccess?: boolean },
): SimBase {
  const b: SimBase = {
    appToken: base.appToken ?? id('bascn', 17),
    name: base.name,
    appHasAccess: base.appHasAccess ?? true,
    tables: [],
  };
  bitableStateOf(state).bases.set(b.appToken, b);
  return b;
}

function fail(e: FeishuError, detail?: string, status = 200): never {
  throw new FeishuApiError(detail ? { code: e.code, msg: `${e.msg} ${detail}` } : e, status);
}

export function bitableRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis/bitable/v1/apps/:app_token/tables' });
  const s = () => bitableStateOf(rt.state);

  const baseOf = (ctx: Context): SimBase => {
    const base = s().bases.get(ctx.params.app_token ?? '');
    if (!base) fail(bitableErrors.badToken);
    if (!base.appHasAccess) fail(bitableErrors.forbidden, undefined, 403);
    return base;
  };
  const tableOf = (ctx: Context): SimTable => {
    const table = baseOf(ctx).tables.find((t) => t.tableId === ctx.params.table_id);
    if (!table) fail(bitableErrors.badTable);
    return table;
  };

  r.get('/', (ctx) => {
    requireAnyScope(rt, ['bitable:app', 'bitable:app:readonly', 'base:table:read']);
    const base = baseOf(ctx);
    ok(ctx, {
      items: base.tables.map((t) => ({ table_id: t.tableId, name: t.name, revision: 1 })),
      has_more: false,
      page_token: '',
      total: base.tables.length,
    });
  });

  r.post('/', (ctx) => {
    requireAnyScope(rt, ['bitable:app', 'base:table:create']);
    const base = baseOf(ctx);
    const table = bodyOf(ctx).table as
      { name?: unknown; default_view_name?: unknown; fields?: unknown } | undefined;
    if (!table || typeof table.name !== 'string' || table.name.trim() === '')
      fail(bitableErrors.wrongBody, 'table.name is required');
    if (table.default_view_name !== undefined && !Array.isArray(table.fields))
      fail(bitableErrors.wrongBody, 'fields are required with default_view_name');
    if (base.tables.some((t) => t.name === table.name)) fail(bitableErrors.tableDuplicated);
    if (base.tables.length >= 100) fail(bitableErrors.tableLimit);
    const given = (Array.isArray(table.fields) ? table.fields : []) as Array<{
      field_name?: unknown;
      type?: unknown;
    }>;
    const fields: SimField[] = [];
    for (const f of given) {
      if (typeof f.field_name !== 'string' || typeof f.type !== 'number')
        fail(bitableErrors.wrongBody, 'a field needs field_name and type');
      if (fields.some((x) => x.name === f.field_name)) fail(bitableErrors.fieldDuplicated, undefined, 400);
      fields.push({ fieldId: id('fld', 7), name: f.field_name, type: f.type });
    }
    if (fields.length === 0) fields.push({ fieldId: id('fld', 7), name: '多行文本', type: 1 });
    if (!INDEX_TYPES.has(fields[0]!.type)) fail(bitableErrors.notSupportField);
    const t: SimTable = { tableId: id('tbl', 11), name: table.name, fields, records: [] };
    base.tables.push(t);
    ok(ctx, {
      table_id: t.tableId,
      default_view_id: id('vew', 5),
      field_id_list: given.length ? t.fields.map((f) => f.fieldId) : undefined,
    });
  });

  r.get('/:table_id/fields', (ctx) => {
    requireAnyScope(rt, ['bitable:app', 'bitable:app:readonly', 'base:field:read']);
    const table = tableOf(ctx);
    ok(ctx, {
      items: table.fields.map((f, i) => ({
        field_id: f.fieldId,
        field_name: f.name,
        type: f.type,
        is_primary: i === 0,
        property: null,
      })),
      has_more: false,
      page_token: '',
      total: table.fields.length,
    });
  });

  r.post('/:table_id/records/batch_create', (ctx) => {
    requireAnyScope(rt, ['bitable:app', 'base:record:create']);
    const table = tableOf(ctx);
    const token = typeof ctx.query.client_token === 'string' ? ctx.query.client_token : undefined;
    const body = bodyOf(ctx);
    if (token !== undefined) {
      if (!UUID_V4.test(token)) fail(bitableErrors.badClientToken, undefined, 400);
      const seen = s().tokens.get(`${table.tableId}:${token}`);
      if (seen) {
        if (seen.body !== JSON.stringify(body.records)) fail(bitableErrors.tokenConflict, undefined, 400);
        return ok(ctx, seen.answer);
      }
    }
    const records = body.records;
    if (!Array.isArray(records) || records.length === 0)
      fail(bitableErrors.wrongBody, 'records are required');
    if (records.length > s().settings.recordsPerBatch) fail(bitableErrors.onceLimit);
    if (table.records.length + records.length > MAX_RECORDS) fail(bitableErrors.recordLimit);
    const made: SimRecord[] = [];
    for (const rec of records as Array<{ fields?: unknown }>) {
      const fields = rec?.fields;
      if (!fields || typeof fields !== 'object' || Array.isArray(fields))
        fail(bitableErrors.wrongBody, 'a record needs fields');
      for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
        const field = table.fields.find((f) => f.name === name);
        if (!field) fail(bitableErrors.badField, name);
        checkValue(field, value);
      }
      made.push({
        recordId: id('rec', 5),
        fields: { ...(fields as Record<string, unknown>) },
        createdAt: rt.clock.now(),
      });
    }
    table.records.push(...made);
    const answer = { records: made.map((m) => ({ record_id: m.recordId, fields: m.fields })) };
    if (token !== undefined)
      s().tokens.set(`${table.tableId}:${token}`, { body: JSON.stringify(body.records), answer });
    ok(ctx, answer);
  });
  return r;
}

/** A value that does not fit its field is refused (text: a string; number: a JSON number; checkbox: boolean). */
function checkValue(field: SimField, value: unknown): void {
  if (value === null) return;
  if (field.type === 1 && typeof value !== 'string') fail(bitableErrors.textConv, field.name);
  if (field.type === 2 && (typeof value !== 'number' || !Number.isFinite(value)))
    fail(bitableErrors.numberConv, field.name);
  if (field.type === 5 && typeof value !== 'number') fail(bitableErrors.numberConv, field.name);
  if (field.type === 7 && typeof value !== 'boolean') fail(bitableErrors.wrongBody, field.name);
}

/** /__sim/bitable: seed a Base, read what was written, set the batch limit. */
export function bitableAdminRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/__sim/bitable' });
  r.get('/bases', (ctx) => void (ctx.body = [...bitableStateOf(rt.state).bases.values()]));
  r.post('/bases', (ctx) => {
    const b = bodyOf(ctx);
    ctx.body = seedBase(rt.state, {
      name: typeof b.name === 'string' ? b.name : 'AirGate',
      ...(typeof b.appToken === 'string' ? { appToken: b.appToken } : {}),
      ...(typeof b.appHasAccess === 'boolean' ? { appHasAccess: b.appHasAccess } : {}),
    });
  });
  r.get('/settings', (ctx) => void (ctx.body = bitableStateOf(rt.state).settings));
  r.put('/settings', (ctx) => {
    const v = bodyOf(ctx).recordsPerBatch;
    const st = bitableStateOf(rt.state).settings;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) st.recordsPerBatch = v;
    ctx.body = st;
  });
  return r;
}

/** The Base the sandbox's month-end statement is written to. */
export const SANDBOX_BASE_APP_TOKEN = 'bascnAirGateSandbox0001';

/**
 * Sandbox seed for the Feishu-native features: a Base for the month-end statement (with the app added to it)
 * and the scopes urgent alerts and the Base need. Returns the AirGate settings that switch both on; the
 * sandbox passes them to its settings seed.
 */
export async function seedSandboxFeishuNative(
  sim: Pick<FeishuSim, 'url' | 'scopes' | 'setScopes'>,
): Promise<{ statementBaseAppToken: string; urgentAlerts: 'urgent_app' }> {
  sim.setScopes([...new Set([...sim.scopes(), 'bitable:app', 'im:message.urgent'])]);
  const res = await fetch(`${sim.url}/__sim/bitable/bases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'AirGate 财务', appToken: SANDBOX_BASE_APP_TOKEN }),
  });
  if (!res.ok) throw new Error(`could not seed the sandbox Base: HTTP ${res.status}`);
  return { statementBaseAppToken: SANDBOX_BASE_APP_TOKEN, urgentAlerts: 'urgent_app' };
}
