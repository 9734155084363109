import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import type { Settings } from '../settings/schema.js';
import { money, type Money } from '../../domain/money.js';
import type { OrgChartPort, OrgDepartment } from './approvalCenter.js';

/** A person on the route: open_id and the name to show. */
export type RoutePerson = { openId: string; name: string };

/**
 * Who decides a request. With a department named for the sub-account: its leader, or above the escalation
 * amount the leader's own leader (the nearest ancestor department with another leader); when the department
 * has no leader (or the org chart cannot be read) the configured approvers. `openIds` are the people asked,
 * never the requester.
 */
export type ApproverRoute = {
  source: 'department' | 'configured';
  department: { id: string; name: string } | null;
  leader: RoutePerson | null;
  upper: RoutePerson | null;
  /** The escalation amount (decimal string) when one is set and the route is a department's. */
  escalateAbove: string | null;
  /** Whether this request's amount is above it (the upper leader decides). */
  escalated: boolean;
  openIds: string[];
};

export type RouteDeps = Pick<Deps, 'repos'> & { orgChart: OrgChartPort | undefined };

const MAX_DEPTH = 10;

/** The route of a request for `amount` on `subAccountId` (reads the org chart through its cache). */
export async function resolveApproverRoute(
  deps: RouteDeps,
  m: EntityManager,
  settings: Settings,
  input: { subAccountId: string; amount: Money; requester: string },
): Promise<ApproverRoute> {
  const configured = async (department: ApproverRoute['department']): Promise<ApproverRoute> => ({
    source: 'configured',
    department,
    leader: null,
    upper: null,
    escalateAbove: null,
    escalated: false,
    openIds: (await configuredApprovers(deps, m, settings)).filter((o) => `feishu:${o}` !== input.requester),
  });
  const deptId = settings.approverDepartments[input.subAccountId];
  if (!deptId || !deps.orgChart) return configured(null);
  const org = deps.orgChart;
  let dept: OrgDepartment | null;
  try {
    dept = await org.department(deptId);
  } catch {
    return configured({ id: deptId, name: deptId });
  }
  if (!dept?.leaderOpenId) return configured({ id: deptId, name: dept?.name ?? deptId });
  const name = async (openId: string) =>
    (await org.userName(openId).catch(() => null)) ??
    (await deps.repos.members.findByOpenId(m, openId))?.name ??
    openId;
  const leader: RoutePerson = { openId: dept.leaderOpenId, name: await name(dept.leaderOpenId) };
  let upper: RoutePerson | null = null;
  let parentId = dept.parentId;
  for (let i = 0; i < MAX_DEPTH && parentId && parentId !== '0'; i++) {
    const parent = await org.department(parentId).catch(() => null);
    if (!parent) break;
    if (parent.leaderOpenId && parent.leaderOpenId !== leader.openId) {
      upper = { openId: parent.leaderOpenId, name: await name(parent.leaderOpenId) };
      break;
    }
    parentId = parent.parentId;
  }
  const threshold = settings.approvalEscalateAbove;
  const escalated = threshold !== null && upper !== null && input.amount.gt(money(threshold));
  const asked = escalated ? upper!.openId : leader.openId;
  // The requester never approves their own request: a leader asking goes to their own leader.
  const openIds =
    `feishu:${asked}` !== input.requester
      ? [asked]
      : upper && `feishu:${upper.openId}` !== input.requester
        ? [upper.openId]
        : [];
  if (openIds.length === 0) return configured({ id: dept.id, name: dept.name });
  return {
    source: 'department',
    department: { id: dept.id, name: dept.name },
    leader,
    upper,
    escalateAbove: threshold,
    escalated,
    openIds,
  };
}

/** The configured approvers: the setting, else members with the approver role, else the admins. */
async function configuredApprovers(deps: Pick<Deps, 'repos'>, m: EntityManager, settings: Settings) {
  if (settings.approvers.length) return settings.approvers;
  const members = await deps.repos.members.list(m);
  const withRole = (role: 'approver' | 'admin') =>
    members.filter((x) => x.roles.includes(role)).map((x) => x.openId);
  const approvers = withRole('approver');
  return approvers.length ? approvers : withRole('admin');
}
