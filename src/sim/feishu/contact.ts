import Router from '@koa/router';
import { fail, ok, type FeishuError } from './responses.js';
import type { SimRuntime } from './runtime.js';
import { SimInputError } from './say.js';

/**
 * The org chart (contact v3): GET /open-apis/contact/v3/departments/:department_id and
 * GET /open-apis/contact/v3/users/:user_id, as the SDK calls them (`client.contact.v3.department.get`,
 * `client.contact.v3.user.get`).
 *
 * Scopes (doc "获取单个部门信息"): the API needs any of contact:contact.base:readonly,
 * contact:contact:access_as_app, contact:contact:readonly, contact:contact:readonly_as_app; the leader fields
 * (`leader_user_id`, `leaders`) are returned only with contact:department.organize:readonly (or one of the
 * three broad contact scopes) and the name only with contact:department.base:readonly (same) — without them
 * the fields are simply absent, which is what a caller must notice. Unverified, harsher: an unknown
 * department is answered 40003 "department not found" (HTTP 400); the root "0" has no leader.
 */
export const CONTACT_API_SCOPES = [
  'contact:contact.base:readonly',
  'contact:contact:access_as_app',
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
] as const;
const BROAD = [
  'contact:contact:access_as_app',
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
];
export const DEPARTMENT_ORGANIZE_SCOPE = 'contact:department.organize:readonly';
export const DEPARTMENT_BASE_SCOPE = 'contact:department.base:readonly';
export const USER_BASE_SCOPE = 'contact:user.base:readonly';

export const contactErrors = {
  noScope: { code: 99991672, msg: 'Access denied. One of the following scopes is required:' },
  departmentNotFound: { code: 40003, msg: 'department not found' },
  userNotFound: { code: 41050, msg: 'no user authority error' },
  badIdType: { code: 99992402, msg: 'field validation failed' },
} as const;

export type SimDepartment = {
  departmentId: string;
  openDepartmentId: string;
  name: string;
  parentDepartmentId: string;
  /** The leader's open_id. */
  leaderOpenId?: string;
};

export class ContactState {
  readonly departments = new Map<string, SimDepartment>();
  reads = 0;
}

function requireAny(rt: SimRuntime, scopes: readonly string[]): void {
  if (scopes.some((s) => rt.state.scopes.has(s))) return;
  const err: FeishuError = {
    code: contactErrors.noScope.code,
    msg: `${contactErrors.noScope.msg}[${scopes.join(', ')}]`,
  };
  fail(err);
}

const has = (rt: SimRuntime, scope: string) =>
  rt.state.scopes.has(scope) || BROAD.some((b) => rt.state.scopes.has(b));

function userIdOf(rt: SimRuntime, openId: string, type: string): string {
  const u = rt.state.users.get(openId);
  if (!u) return openId;
  return type === 'user_id' ? u.userId : type === 'union_id' ? u.unionId : u.openId;
}

export function contactRoutes(rt: SimRuntime, s: ContactState): Router {
  const r = new Router({ prefix: '/open-apis/contact/v3' });
  r.get('/departments/:department_id', (ctx) => {
    requireAny(rt, CONTACT_API_SCOPES);
    const idType = String(ctx.query.department_id_type ?? 'open_department_id');
    const userIdType = String(ctx.query.user_id_type ?? 'open_id');
    if (!['department_id', 'open_department_id'].includes(idType))
      fail(contactErrors.badIdType, 'department_id_type');
    if (!['open_id', 'union_id', 'user_id'].includes(userIdType))
      fail(contactErrors.badIdType, 'user_id_type');
    const id = ctx.params.department_id ?? '';
    s.reads += 1;
    const d = [...s.departments.values()].find((x) =>
      idType === 'department_id' ? x.departmentId === id : x.openDepartmentId === id,
    );
    if (!d) fail(contactErrors.departmentNotFound);
    const department: Record<string, unknown> = {
      department_id: d.departmentId,
      open_department_id: d.openDepartmentId,
      status: { is_deleted: false },
    };
    if (has(rt, DEPARTMENT_BASE_SCOPE)) {
      department.name = d.name;
      department.i18n_name = { zh_cn: d.name, en_us: d.name, ja_jp: '' };
    }
    if (has(rt, DEPARTMENT_ORGANIZE_SCOPE)) {
      const parent = [...s.departments.values()].find((x) => x.departmentId === d.parentDepartmentId);
      department.parent_department_id =
        idType === 'department_id' || !parent ? d.parentDepartmentId : parent.openDepartmentId;
      if (d.leaderOpenId) {
        const leader = userIdOf(rt, d.leaderOpenId, userIdType);
        department.leader_user_id = leader;
        department.leaders = [{ leaderType: 1, leaderID: leader }];
      }
    }
    ok(ctx, { department });
  });
  r.get('/users/:user_id', (ctx) => {
    requireAny(rt, [...CONTACT_API_SCOPES, USER_BASE_SCOPE]);
    const type = String(ctx.query.user_id_type ?? 'open_id');
    const u = rt.state.userByAnyId(ctx.params.user_id ?? '');
    if (!u || userIdOf(rt, u.openId, type) !== ctx.params.user_id) fail(contactErrors.userNotFound);
    const user: Record<string, unknown> = { open_id: u.openId, union_id: u.unionId };
    if (has(rt, USER_BASE_SCOPE) || rt.state.scopes.has('contact:contact.base:readonly')) user.name = u.name;
    ok(ctx, { user });
  });
  return r;
}

/** The simulator's org chart, for tests, the sandbox and /__sim/. */
export type ContactSim = {
  seedDepartment(d: {
    departmentId: string;
    name: string;
    parentDepartmentId?: string;
    leaderOpenId?: string | null;
    openDepartmentId?: string;
  }): SimDepartment;
  departments(): SimDepartment[];
  /** How many department reads AirGate made (a cache shows as few reads). */
  reads(): number;
};

export function contactSim(rt: SimRuntime, s: ContactState): ContactSim {
  return {
    seedDepartment(d) {
      if (!d.departmentId || d.departmentId === '0')
        throw new SimInputError('a department needs an id other than 0');
      if (d.leaderOpenId && !rt.state.users.has(d.leaderOpenId))
        throw new SimInputError(`unknown leader ${d.leaderOpenId}; seed users first`, 404);
      const prev = s.departments.get(d.departmentId);
      const dept: SimDepartment = {
        departmentId: d.departmentId,
        openDepartmentId: d.openDepartmentId ?? prev?.openDepartmentId ?? `od-${d.departmentId}`,
        name: d.name,
        parentDepartmentId: d.parentDepartmentId ?? '0',
        ...(d.leaderOpenId ? { leaderOpenId: d.leaderOpenId } : {}),
      };
      s.departments.set(dept.departmentId, dept);
      return { ...dept };
    },
    departments: () => [...s.departments.values()].map((d) => ({ ...d })),
    reads: () => s.reads,
  };
}
