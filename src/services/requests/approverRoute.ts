import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import type { Settings } from '../settings/schema.js';
import { money, type Money } from '../../domain/money.js';
import type { OrgChartPort, OrgDepartment } from './approvalCenter.js';
import type { RequestRouteRecord, RoutePersonRecord } from '../../db/entities/quotaRequest.js';

/** A person on the route: open_id and the name to show. */
export type RoutePerson = RoutePersonRecord;

/**
 * Who decides a request. With a department named for the sub-account: its leader, and above the escalation
 * amount also the leader's own leader (the nearest ancestor department with another leader), in turn — the
 * leader first, both required (`steps`); when the department has no leader (or the org chart cannot be
 * read) the configured approvers, any one of whom decides. `openIds` are the people asked, never the
 * requester; on a department route they are the steps' people.
 */
export type ApproverRoute = RequestRouteRecord;

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
    steps: [],
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
  // The requester never approves their own request: a leader asking goes to their own leader alone.
  const mine = (p: RoutePerson) => `feishu:${p.openId}` === input.requester;
  const steps = (escalated ? [leader, upper!] : mine(leader) && upper ? [upper] : [leader]).filter(
    (p) => !mine(p),
  );
  if (steps.length === 0) return configured({ id: dept.id, name: dept.name });
  return {
    source: 'department',
    department: { id: dept.id, name: dept.name },
    leader,
    upper,
    escalateAbove: threshold,
    escalated,
    steps,
    openIds: steps.map((p) => p.openId),
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
