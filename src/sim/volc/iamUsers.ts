import { defineActions, IAM_V1, page, type ActionContext } from './actions.js';
import { paramErrors, unverified, VolcSimError } from './errors.js';
import { presentUser } from './iamPresent.js';
import type { Params } from './params.js';
import type { SimUser } from './state.js';

const USER_NAME = /^[A-Za-z0-9._@+=,-]{1,64}$/;
export const IAM_MAX_LIMIT = 100;

export function checkUserName(value: string, code = 'InvalidUserName', field = 'UserName'): string {
  if (!USER_NAME.test(value)) {
    throw paramErrors.invalid(code, field, value, 'must be 1-64 characters of letters, digits and ._@+=,-');
  }
  return value;
}

function checkLength(p: Params, name: string, max: number, code: string): string | undefined {
  const v = p.str(name);
  if (v !== undefined && v.length > max) throw paramErrors.invalid(code, name, v, `longer than ${max}`);
  return v;
}

/** Limit/Offset for IAM lists: default 10, at most 100. */
export function iamPaging(p: Params): { limit: number; offset: number } {
  const limitRaw = p.str('Limit');
  const limit = limitRaw === undefined || limitRaw === '' ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > IAM_MAX_LIMIT) {
    throw new VolcSimError(400, 'InvalidLimit', `Invalid Limit ${limitRaw}, err: must be 1-${IAM_MAX_LIMIT}`);
  }
  const offsetRaw = p.str('Offset');
  const offset = offsetRaw === undefined || offsetRaw === '' ? 0 : Number(offsetRaw);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new VolcSimError(400, 'InvalidOffset', `Invalid Offset ${offsetRaw}, err: must be >= 0`);
  }
  return { limit, offset };
}

function tags(p: Params): Array<{ Key: string; Value: string }> {
  const out: Array<{ Key: string; Value: string }> = [];
  for (let i = 1; p.has(`Tags.${i}.Key`); i++) {
    out.push({ Key: p.required(`Tags.${i}.Key`), Value: p.str(`Tags.${i}.Value`) ?? '' });
  }
  return out;
}

function findUser({ sim, params }: ActionContext): SimUser {
  const st = sim.state;
  if (params.has('UserName')) return st.user(params.required('UserName'));
  if (params.has('AccessKeyID')) {
    const id = params.required('AccessKeyID');
    const k = st.keys.get(id);
    if (!k || k.userName === null)
      throw new VolcSimError(404, 'AccessKeyNotExist', `The accessKey '${id}' can not be found`);
    return st.user(k.userName);
  }
  if (params.has('ID')) {
    const id = params.int('ID', 0);
    const u = [...st.users.values()].find((x) => x.id === id);
    if (!u) throw new VolcSimError(404, 'UserNotExist', `User '${id}' cannot be found.`);
    return u;
  }
  throw paramErrors.iamMissing('UserName');
}

export const userActions = defineActions('iam', IAM_V1, {
  CreateUser: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const name = checkUserName(params.required('UserName'));
    if (st.users.has(name))
      throw new VolcSimError(409, 'UserAlreadyExists', `User '${name}' already exists.`);
    const now = new Date(nowMs);
    const user: SimUser = {
      id: st.nextUserId++,
      userName: name,
      displayName: checkLength(params, 'DisplayName', 128, 'InvalidDisplayName') ?? name,
      description: checkLength(params, 'Description', 255, 'InvalidDescription') ?? '',
      email: params.str('Email') ?? '',
      mobilePhone: params.str('MobilePhone') ?? '',
      tags: tags(params),
      createDate: now,
      updateDate: now,
    };
    st.users.set(name, user);
    st.touchActivity(name, nowMs);
    return { User: presentUser(st.accountId, user) };
  },

  GetUser: (ctx) => ({ User: presentUser(ctx.sim.state.accountId, findUser(ctx)) }),

  ListUsers: ({ sim, params }) => {
    const { limit, offset } = iamPaging(params);
    const q = (params.str('Query') ?? '').toLowerCase();
    const all = [...sim.state.users.values()].filter(
      (u) =>
        !q ||
        u.userName.toLowerCase().includes(q) ||
        u.displayName.toLowerCase().includes(q) ||
        u.description.toLowerCase().includes(q),
    );
    return {
      UserMetadata: page(all, offset, limit).map((u) => presentUser(sim.state.accountId, u)),
      Limit: limit,
      Offset: offset,
      Total: all.length,
    };
  },

  UpdateUser: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const user = st.user(params.required('UserName'));
    const newName = params.str('NewUserName');
    if (newName !== undefined && newName !== '' && newName !== user.userName) {
      checkUserName(newName, 'InvalidNewUserName', 'NewUserName');
      if (st.users.has(newName))
        throw new VolcSimError(409, 'UserAlreadyExists', `User '${newName}' already exists.`);
      st.renameUser(user.userName, newName);
      user.userName = newName;
    }
    const dn = checkLength(params, 'NewDisplayName', 128, 'InvalidNewDisplayName');
    if (dn !== undefined) user.displayName = dn;
    const desc = checkLength(params, 'NewDescription', 255, 'InvalidNewDescription');
    if (desc !== undefined) user.description = desc;
    const email = params.str('NewEmail');
    if (email !== undefined) user.email = email;
    const phone = params.str('NewMobilePhone');
    if (phone !== undefined) user.mobilePhone = phone;
    user.updateDate = new Date(nowMs);
    return { User: presentUser(st.accountId, user) };
  },

  // DeleteUser does not cascade: a user with access keys, a login profile or policies is refused with
  // 409 UserDeleteConflictWith… (BytePlus IAM error table, the same backend).
  DeleteUser: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const user = st.user(params.required('UserName'));
    const n = user.userName;
    if (st.keysOf(n).length > 0)
      throw new VolcSimError(409, 'UserDeleteConflictWithAccessKey', `User '${n}' still has access keys.`);
    if (st.apiKeysOf(n).length > 0)
      throw unverified(409, 'UserDeleteConflictWithApiKey', `User '${n}' still has API keys.`);
    if (st.loginProfiles.has(n))
      throw new VolcSimError(
        409,
        'UserDeleteConflictWithLoginProfile',
        `User '${n}' still has a login profile.`,
      );
    if ((st.attachments.get(n)?.size ?? 0) > 0)
      throw new VolcSimError(409, 'UserDeleteConflictWithPolicy', `User '${n}' still has attached policies.`);
    st.attachments.delete(user.userName);
    st.users.delete(user.userName);
    st.touchActivity(user.userName, nowMs);
    return {};
  },
});
