import { defineActions, IAM_V1, page, type ActionContext } from './actions.js';
import { paramErrors, unverified, VolcSimError } from './errors.js';
import { iamDate } from './iamPresent.js';
import { randomToken } from './rng.js';
import type { SimApiKey } from './state.js';

/**
 * IAM API keys (2026; Go SDK service/iam api_*_api_key.go, doc 6257/2550943 for UpdateApiKey). Request and
 * result fields follow the Go SDK; the limits, the paging defaults and every error code here are
 * unverified (no primary source lists them): the codes say so, and AirGate keys on none of them.
 */
const MAX_API_KEYS_PER_USER = 20;
const MAX_LIMIT = 1000;
const MAX_OFFSET = 100;

function presentApiKey(k: SimApiKey, withSecret = false): Record<string, unknown> {
  return {
    Id: k.id,
    Name: k.name,
    ...(withSecret ? { Secret: k.secret } : {}),
    Status: k.status,
    PermissionsBoundary: '',
    CreateDate: iamDate(k.createDate),
    UpdateDate: iamDate(k.updateDate),
  };
}

/** API keys of an IAM user; the main account's own API keys are outside this simulator. */
function ownerName({ sim, params }: ActionContext): string {
  const name = params.str('UserName');
  if (name === undefined || name === '') throw paramErrors.iamMissing('UserName');
  return sim.state.user(name).userName;
}

function ownedApiKey(ctx: ActionContext): SimApiKey {
  const id = ctx.params.required('Id');
  const who = ownerName(ctx);
  const k = ctx.sim.state.apiKeys.get(id);
  if (!k || k.userName !== who)
    throw unverified(404, 'ApiKeyNotExist', `The api key '${id}' can not be found`);
  return k;
}

export const apiKeyActions = defineActions('iam', IAM_V1, {
  CreateApiKey: (ctx) => {
    const st = ctx.sim.state;
    const who = ownerName(ctx);
    const name = ctx.params.str('Name') ?? '';
    if (name.length > 128) throw paramErrors.invalid('InvalidName', 'Name', name, 'longer than 128');
    if (st.apiKeysOf(who).length >= MAX_API_KEYS_PER_USER)
      throw unverified(409, 'ApiKeyLimitExceeded', `Exceed api key quota: '${MAX_API_KEYS_PER_USER}'`);
    const now = new Date(ctx.nowMs);
    const key: SimApiKey = {
      id: randomToken(ctx.sim.rng, 16),
      name,
      secret: randomToken(ctx.sim.rng, 48),
      status: 'active',
      userName: who,
      createDate: now,
      updateDate: now,
    };
    st.apiKeys.set(key.id, key);
    st.touchActivity(who, ctx.nowMs);
    return { ApiKey: presentApiKey(key, true) };
  },

  ListApiKeys: (ctx) => {
    const who = ownerName(ctx);
    const limitRaw = ctx.params.str('Limit');
    const offsetRaw = ctx.params.str('Offset');
    const limit = limitRaw === undefined || limitRaw === '' ? 10 : Number(limitRaw);
    const offset = offsetRaw === undefined || offsetRaw === '' ? 0 : Number(offsetRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new VolcSimError(400, 'InvalidLimit', `Invalid Limit ${limitRaw}, err: must be 1-${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
      throw new VolcSimError(
        400,
        'InvalidOffset',
        `Invalid Offset ${offsetRaw}, err: must be 0-${MAX_OFFSET}`,
      );
    const all = ctx.sim.state.apiKeysOf(who);
    return { ApiKeys: page(all, offset, limit).map((k) => presentApiKey(k)), Total: all.length };
  },

  UpdateApiKey: (ctx) => {
    const raw = ctx.params.str('Status');
    const status = raw?.toLowerCase();
    if (status !== undefined && status !== 'active' && status !== 'inactive')
      throw paramErrors.invalid('InvalidStatus', 'Status', raw ?? '', 'must be active or inactive');
    const k = ownedApiKey(ctx);
    const name = ctx.params.str('Name');
    if (name !== undefined) k.name = name;
    if (status !== undefined && k.status !== status) k.status = status;
    k.updateDate = new Date(ctx.nowMs);
    ctx.sim.state.touchActivity(k.userName, ctx.nowMs);
    return {};
  },

  DeleteApiKey: (ctx) => {
    const k = ownedApiKey(ctx);
    ctx.sim.state.apiKeys.delete(k.id);
    ctx.sim.state.touchActivity(k.userName, ctx.nowMs);
    return {};
  },
});
