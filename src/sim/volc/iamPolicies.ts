import { defineActions, IAM_V1, page, type ActionContext } from './actions.js';
import { paramErrors, unverified } from './errors.js';
import { iamDate } from './iamPresent.js';
import { iamPaging } from './iamUsers.js';
import { policyTrn, systemPolicies, type PolicyDef } from './policyCatalog.js';
import type { IamState, SimAttachment } from './state.js';

export function policyType(value: string, field = 'PolicyType'): 'System' | 'Custom' {
  if (value !== 'System' && value !== 'Custom') {
    throw paramErrors.invalid('InvalidPolicyType', field, value, 'must be System or Custom');
  }
  return value;
}

/** Detaching what is not attached: refused (the harsher guess), with an unverified code. */
export const policyNotAttached = (user: string, policy: string) =>
  unverified(404, 'PolicyNotAttached', `Policy '${policy}' is not attached to user '${user}'.`);

/** Attaching what is attached already: whether the real API refuses it is unknown (simulator setting). */
export const policyAlreadyAttached = (user: string, policy: string) =>
  unverified(409, 'PolicyAlreadyAttached', `Policy '${policy}' is already attached to user '${user}'.`);

function presentPolicy(st: IamState, p: PolicyDef): Record<string, unknown> {
  return {
    PolicyName: p.policyName,
    PolicyType: p.policyType,
    PolicyTrn: policyTrn(st.accountId, p),
    Description: p.description,
    PolicyDocument: p.policyDocument,
    Category: p.category,
    IsServiceRolePolicy: 0,
    AttachmentCount: st.attachmentCount(p.policyName, p.policyType),
    CreateDate: iamDate(p.createDate),
    UpdateDate: iamDate(p.updateDate),
  };
}

/** PolicyScope entries: one Global entry if attached account-wide, one per project otherwise. */
export function policyScope(st: IamState, a: SimAttachment): Array<Record<string, unknown>> {
  const scope: Array<Record<string, unknown>> = [];
  if (a.global) {
    scope.push({
      PolicyScopeType: 'Global',
      ProjectName: '',
      ProjectDisplayName: '',
      AttachDate: iamDate(a.global),
    });
  }
  for (const [name, at] of a.projects) {
    scope.push({
      PolicyScopeType: 'Project',
      ProjectName: name,
      ProjectDisplayName: st.projects.get(name)?.displayName ?? name,
      AttachDate: iamDate(at),
    });
  }
  return scope;
}

function firstAttach(a: SimAttachment): Date {
  const dates = [...(a.global ? [a.global] : []), ...a.projects.values()];
  return dates.reduce((x, y) => (y < x ? y : x));
}

function target(ctx: ActionContext) {
  const st = ctx.sim.state;
  const user = st.user(ctx.params.required('UserName'));
  const type = policyType(ctx.params.required('PolicyType'));
  const policy = st.policy(ctx.params.required('PolicyName'), type);
  return { st, user, policy };
}

export const policyActions = defineActions('iam', IAM_V1, {
  ListPolicies: ({ sim, params }) => {
    const { limit, offset } = iamPaging(params);
    const scope = params.str('Scope') ?? '';
    if (scope !== '') policyType(scope, 'Scope');
    const q = (params.str('Query') ?? '').toLowerCase();
    const all = [...systemPolicies.values(), ...sim.state.customPolicies.values()].filter(
      (p) =>
        (scope === '' || p.policyType === scope) &&
        (!q || p.policyName.toLowerCase().includes(q) || p.description.toLowerCase().includes(q)),
    );
    return {
      PolicyMetadata: page(all, offset, limit).map((p) => presentPolicy(sim.state, p)),
      Limit: limit,
      Offset: offset,
      Total: all.length,
    };
  },

  GetPolicy: ({ sim, params }) => {
    const type = policyType(params.required('PolicyType'));
    return { Policy: presentPolicy(sim.state, sim.state.policy(params.required('PolicyName'), type)) };
  },

  // Duplicate name: the code is unverified (no public source shows it); callers read GetPolicy first.
  CreatePolicy: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const name = params.required('PolicyName');
    if (!/^[A-Za-z0-9+=,.@_-]{1,64}$/.test(name))
      throw paramErrors.invalid(
        'InvalidPolicyName',
        'PolicyName',
        name,
        'must be 1-64 of [A-Za-z0-9+=,.@_-]',
      );
    const document = params.required('PolicyDocument');
    try {
      JSON.parse(document);
    } catch {
      throw paramErrors.invalid('MalformedPolicyDocument', 'PolicyDocument', 'PolicyDocument', 'is not JSON');
    }
    if (st.customPolicies.has(name))
      throw unverified(409, 'PolicyAlreadyExist', `Policy '${name}' already exists.`);
    const at = new Date(nowMs);
    const def: PolicyDef = {
      policyName: name,
      policyType: 'Custom',
      description: params.str('Description') ?? '',
      category: '',
      policyDocument: document,
      createDate: at,
      updateDate: at,
    };
    st.customPolicies.set(name, def);
    return { Policy: presentPolicy(st, def) };
  },

  // Like the real API: there is no ProjectName parameter here, so one sent anyway is ignored and the
  // policy is attached account-wide (project scoping goes through AttachPolicyInProject).
  AttachUserPolicy: (ctx) => {
    const { st, user, policy } = target(ctx);
    const m = st.attachmentsOf(user.userName);
    const key = `${policy.policyType}:${policy.policyName}`;
    const a = m.get(key) ?? {
      policyName: policy.policyName,
      policyType: policy.policyType,
      global: null,
      projects: new Map(),
    };
    if (a.global && ctx.sim.refuseRepeatedAttach)
      throw policyAlreadyAttached(user.userName, policy.policyName);
    a.global ??= new Date(ctx.nowMs);
    m.set(key, a);
    return {};
  },

  DetachUserPolicy: (ctx) => {
    const { st, user, policy } = target(ctx);
    const m = st.attachmentsOf(user.userName);
    const key = `${policy.policyType}:${policy.policyName}`;
    const a = m.get(key);
    if (!a?.global) throw policyNotAttached(user.userName, policy.policyName);
    a.global = null;
    if (a.projects.size === 0) m.delete(key);
    return {};
  },

  ListAttachedUserPolicies: ({ sim, params }) => {
    const st = sim.state;
    const user = st.user(params.required('UserName'));
    const list = [...(st.attachments.get(user.userName)?.values() ?? [])].map((a) => {
      const p = st.policy(a.policyName, a.policyType);
      return {
        PolicyName: a.policyName,
        PolicyType: a.policyType,
        PolicyTrn: policyTrn(st.accountId, p),
        Description: p.description,
        AttachDate: iamDate(firstAttach(a)),
        PolicyScope: policyScope(st, a),
      };
    });
    return { AttachedPolicyMetadata: list };
  },

  ListEntitiesForPolicy: ({ sim, params }) => {
    const st = sim.state;
    const type = policyType(params.required('PolicyType'));
    const policy = st.policy(params.required('PolicyName'), type);
    const users: Array<Record<string, unknown>> = [];
    for (const [userName, m] of st.attachments) {
      const a = m.get(`${policy.policyType}:${policy.policyName}`);
      const u = st.users.get(userName);
      if (!a || !u) continue;
      users.push({
        Id: u.id,
        UserName: u.userName,
        DisplayName: u.displayName,
        Description: u.description,
        AttachDate: iamDate(firstAttach(a)),
        PolicyScope: policyScope(st, a),
      });
    }
    return { Users: users, Roles: [], UserGroups: [] };
  },
});
