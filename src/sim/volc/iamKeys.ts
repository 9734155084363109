import { defineActions, IAM_V1, type ActionContext } from './actions.js';
import { unverified, VolcSimError } from './errors.js';
import { presentKey, presentLoginProfile } from './iamPresent.js';
import { MAX_KEYS_PER_USER, notFound, type SimAccessKey } from './state.js';

/** UserName omitted = the caller's own keys (the main account's when signed with a main key). */
function owner({ sim, params, caller }: ActionContext): string | null {
  const name = params.str('UserName');
  if (name === undefined || name === '') return caller.userName;
  sim.state.user(name);
  return name;
}

function ownedKey(ctx: ActionContext): SimAccessKey {
  const id = ctx.params.required('AccessKeyId');
  const who = owner(ctx);
  const k = ctx.sim.state.keys.get(id);
  if (!k || k.userName !== who) throw notFound.accessKey(id);
  return k;
}

function checkPassword(pw: string): string {
  if (pw.length < 8 || pw.length > 32 || !/[A-Za-z]/.test(pw) || !/\d/.test(pw)) {
    throw new VolcSimError(
      400,
      'InvalidPassword',
      'Invalid Password, err: must be 8-32 characters with letters and digits.',
    );
  }
  return pw;
}

export const keyActions = defineActions('iam', IAM_V1, {
  CreateAccessKey: (ctx) => {
    const st = ctx.sim.state;
    const who = owner(ctx);
    if (st.keysOf(who).length >= MAX_KEYS_PER_USER) {
      throw new VolcSimError(
        409,
        'AccessKeyLimitExceeded',
        `Exceed account accessKey quota: '${MAX_KEYS_PER_USER}'`,
      );
    }
    const now = new Date(ctx.nowMs);
    const key: SimAccessKey = {
      accessKeyId: ctx.sim.newAccessKeyId(),
      secretAccessKey: ctx.sim.newSecretAccessKey(),
      status: 'active',
      userName: who,
      createDate: now,
      updateDate: now,
    };
    st.keys.set(key.accessKeyId, key);
    if (who !== null) st.touchActivity(who, ctx.nowMs);
    return { AccessKey: presentKey(key, true) };
  },

  ListAccessKeys: (ctx) => ({
    AccessKeyMetadata: ctx.sim.state.keysOf(owner(ctx)).map((k) => presentKey(k)),
  }),

  UpdateAccessKey: (ctx) => {
    const status = ctx.params.required('Status').toLowerCase();
    if (status !== 'active' && status !== 'inactive') {
      throw new VolcSimError(
        400,
        'InvalidAccessKeyStatus',
        `Invalid accessKey status: '${status}', err: 'must be active or inactive'`,
      );
    }
    const k = ownedKey(ctx);
    if (k.status !== status) {
      k.status = status;
      k.updateDate = new Date(ctx.nowMs);
    }
    if (k.userName !== null) ctx.sim.state.touchActivity(k.userName, ctx.nowMs);
    return {};
  },

  // The official Terraform provider sets a key inactive before deleting it ("删除前需要将ak禁用"): an
  // active key is refused. The code of that refusal is unverified.
  DeleteAccessKey: (ctx) => {
    const k = ownedKey(ctx);
    if (k.status === 'active') {
      throw unverified(
        409,
        'AccessKeyStatusActive',
        `The accessKey '${k.accessKeyId}' is active; set it inactive before deleting it.`,
      );
    }
    ctx.sim.state.keys.delete(k.accessKeyId);
    if (k.userName !== null) ctx.sim.state.touchActivity(k.userName, ctx.nowMs);
    return {};
  },

  CreateLoginProfile: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const user = st.user(params.required('UserName'));
    if (st.loginProfiles.has(user.userName)) {
      throw new VolcSimError(
        409,
        'LoginProfileAlreadyExist',
        `The login profile of user '${user.userName}' already exists.`,
      );
    }
    const now = new Date(nowMs);
    const profile = {
      userName: user.userName,
      password: checkPassword(params.required('Password')),
      loginAllowed: params.bool('LoginAllowed') ?? true,
      passwordResetRequired: params.bool('PasswordResetRequired') ?? false,
      createDate: now,
      updateDate: now,
    };
    st.loginProfiles.set(user.userName, profile);
    return { LoginProfile: presentLoginProfile(profile, user.id) };
  },

  GetLoginProfile: ({ sim, params }) => {
    const user = sim.state.user(params.required('UserName'));
    const p = sim.state.loginProfiles.get(user.userName);
    if (!p) throw notFound.loginProfile(user.userName);
    return { LoginProfile: presentLoginProfile(p, user.id) };
  },

  UpdateLoginProfile: ({ sim, params, nowMs }) => {
    const user = sim.state.user(params.required('UserName'));
    const p = sim.state.loginProfiles.get(user.userName);
    if (!p) throw notFound.loginProfile(user.userName);
    if (params.has('Password')) p.password = checkPassword(params.required('Password'));
    p.loginAllowed = params.bool('LoginAllowed') ?? p.loginAllowed;
    p.passwordResetRequired = params.bool('PasswordResetRequired') ?? p.passwordResetRequired;
    p.updateDate = new Date(nowMs);
    return { LoginProfile: presentLoginProfile(p, user.id) };
  },

  DeleteLoginProfile: ({ sim, params }) => {
    const user = sim.state.user(params.required('UserName'));
    if (!sim.state.loginProfiles.delete(user.userName)) throw notFound.loginProfile(user.userName);
    return {};
  },
});
