import { defineActions, IAM_V2, page, type ActionContext } from './actions.js';
import { paramErrors, VolcSimError } from './errors.js';
import { iamDate } from './iamPresent.js';
import { policyAlreadyAttached, policyNotAttached, policyType } from './iamPolicies.js';
import { iamPaging } from './iamUsers.js';
import type { IamState, SimProject } from './state.js';

const PROJECT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function projectPath(st: IamState, p: SimProject): string {
  const parts = [p.projectName];
  let parent = p.parentProjectName;
  while (parent && parts.length < 10) {
    parts.unshift(parent);
    parent = st.projects.get(parent)?.parentProjectName ?? '';
  }
  return `/${parts.join('/')}`;
}

export function presentProject(st: IamState, p: SimProject): Record<string, unknown> {
  return {
    ProjectName: p.projectName,
    DisplayName: p.displayName,
    Description: p.description,
    ParentProjectName: p.parentProjectName,
    Path: projectPath(st, p),
    Status: 'active',
    AccountID: st.accountId,
    CreateDate: p.createDate.toISOString(),
    UpdateDate: p.updateDate.toISOString(),
  };
}

/** The principal and policy of Attach/DetachPolicyInProject; only users exist in this simulator. */
function principal(ctx: ActionContext) {
  const p = ctx.params;
  const type = p.required('PrincipalType');
  const name = p.required('PrincipalName');
  if (type === 'Role') throw new VolcSimError(404, 'RoleNotExist', `Role '${name}' cannot be found.`);
  if (type === 'UserGroup')
    throw new VolcSimError(404, 'UserGroupNotExist', `UserGroup '${name}' cannot be found.`);
  if (type !== 'User')
    throw paramErrors.invalid(
      'InvalidPrincipalType',
      'PrincipalType',
      type,
      'must be User, Role or UserGroup',
    );
  const st = ctx.sim.state;
  const user = st.user(name);
  const policy = st.policy(p.required('PolicyName'), policyType(p.required('PolicyType')));
  const projects = p.list('ProjectName');
  if (projects.length === 0) throw paramErrors.iamMissing('ProjectName');
  for (const n of projects) st.project(n);
  return { st, user, policy, projects };
}

export const projectActions = defineActions('iam', IAM_V2, {
  AttachPolicyInProject: (ctx) => {
    const { st, user, policy, projects } = principal(ctx);
    const m = st.attachmentsOf(user.userName);
    const key = `${policy.policyType}:${policy.policyName}`;
    const a = m.get(key) ?? {
      policyName: policy.policyName,
      policyType: policy.policyType,
      global: null,
      projects: new Map(),
    };
    if (ctx.sim.refuseRepeatedAttach && projects.some((n) => a.projects.has(n)))
      throw policyAlreadyAttached(user.userName, policy.policyName);
    for (const n of projects) if (!a.projects.has(n)) a.projects.set(n, new Date(ctx.nowMs));
    m.set(key, a);
    return {};
  },

  DetachPolicyInProject: (ctx) => {
    const { st, user, policy, projects } = principal(ctx);
    const m = st.attachmentsOf(user.userName);
    const key = `${policy.policyType}:${policy.policyName}`;
    const a = m.get(key);
    if (!a || projects.some((n) => !a.projects.has(n)))
      throw policyNotAttached(user.userName, policy.policyName);
    for (const n of projects) a.projects.delete(n);
    if (!a.global && a.projects.size === 0) m.delete(key);
    return {};
  },

  ListProjects: ({ sim, params }) => {
    const st = sim.state;
    const { limit, offset } = iamPaging(params);
    const q = (params.str('Query') ?? '').toLowerCase();
    const all = [...st.projects.values()].filter(
      (p) => !q || p.projectName.toLowerCase().includes(q) || p.displayName.toLowerCase().includes(q),
    );
    return {
      Projects: page(all, offset, limit).map((p) => ({ ...presentProject(st, p), HasPermission: true })),
      Limit: limit,
      Offset: offset,
      Total: all.length,
    };
  },

  GetProject: ({ sim, params }) =>
    presentProject(sim.state, sim.state.project(params.required('ProjectName'))),

  CreateProject: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const name = params.required('ProjectName');
    if (!PROJECT_NAME.test(name)) {
      throw paramErrors.invalid(
        'InvalidProjectName',
        'ProjectName',
        name,
        'must be 1-64 letters, digits or _.-',
      );
    }
    if (st.projects.has(name))
      throw new VolcSimError(409, 'ProjectAlreadyExists', `Project '${name}' already exists.`);
    const parent = params.str('ParentProjectName') ?? '';
    if (parent) st.project(parent);
    const now = new Date(nowMs);
    const p: SimProject = {
      projectName: name,
      displayName: params.str('DisplayName') || name,
      description: params.str('Description') ?? '',
      parentProjectName: parent,
      createDate: now,
      updateDate: now,
    };
    st.projects.set(name, p);
    st.version++;
    return presentProject(st, p);
  },

  UpdateProject: ({ sim, params, nowMs }) => {
    const st = sim.state;
    const p = st.project(params.required('ProjectName'));
    if (params.has('DisplayName')) p.displayName = params.required('DisplayName');
    if (params.str('Description') !== undefined) p.description = params.str('Description') ?? '';
    p.updateDate = new Date(nowMs);
    st.version++;
    return presentProject(st, p);
  },

  DeleteProject: ({ sim, params }) => {
    const st = sim.state;
    const p = st.project(params.required('ProjectName'));
    if (p.projectName === 'default') {
      throw new VolcSimError(400, 'OperationDenied', "The default project can't be deleted.");
    }
    const busy =
      [...st.projects.values()].some((x) => x.parentProjectName === p.projectName) ||
      sim.spending.burns.some((b) => b.project === p.projectName);
    if (busy)
      throw new VolcSimError(
        400,
        'ProjectNotEmpty',
        `Project '${p.projectName}' still has resources or sub-projects.`,
      );
    for (const m of st.attachments.values()) for (const a of m.values()) a.projects.delete(p.projectName);
    st.projects.delete(p.projectName);
    st.version++;
    return {};
  },

  // Each burn's model endpoint shows up as a resource of its project.
  ListProjectResources: ({ sim, params }) => {
    const st = sim.state;
    const p = st.project(params.required('ProjectName'));
    const { limit, offset } = iamPaging(params);
    const all = sim.spending.burns
      .filter((b) => b.project === p.projectName)
      .map((b) => ({
        AccountID: st.accountId,
        ProjectName: p.projectName,
        ResourceID: b.instanceNo,
        ResourceTrn: `trn:${b.product}:cn-beijing:${st.accountId}:endpoint/${b.instanceNo}`,
        ResourceType: 'endpoint',
        ResourceRegion: 'cn-beijing',
        ServiceName: b.product,
        CreateDate: iamDate(p.createDate),
        UpdateDate: iamDate(p.updateDate),
      }));
    return { ProjectResources: page(all, offset, limit), Limit: limit, Offset: offset, Total: all.length };
  },
});
