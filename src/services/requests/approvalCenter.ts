/**
 * What the request use cases need of Feishu's approval centre (三方审批) and org chart, as ports: the
 * services say what to show and whom to ask; the Feishu edge (src/feishu/approval/) makes the calls.
 */

import type { RouteNotice, StepsNotice } from './notices.js';

/** The facts the centre's item shows (the edge turns them into texts in both languages). */
export type ApprovalCenterView = {
  sub: string;
  /** Decimal strings. */
  amount: string;
  reason: string;
  requester: string;
  expiresAt: string;
  route: RouteNotice;
  /** A two-step route: the steps approved and whose turn it is. */
  steps?: StepsNotice;
  decision:
    | { state: 'pending' }
    | { state: 'approved'; by: string; amount: string }
    | { state: 'rejected' | 'cancelled'; by: string }
    | { state: 'expired' };
};

/** A request as the approval centre shows it: one instance, one task per person asked. */
export type ApprovalCenterInstance = {
  approvalCode: string;
  instanceId: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED' | 'TERMINATED';
  /** Requester (a Feishu open_id when a person asked). */
  requesterOpenId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  /** Strictly increasing per request: the centre keeps the newest sync by it. */
  updateTime: number;
  view: ApprovalCenterView;
  tasks: Array<{
    taskId: string;
    openId: string;
    status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'DONE';
    createdAt: Date;
    endedAt: Date | null;
    /** Returned in the quick-approval callback: which request and whose task. */
    context: string;
  }>;
};

/** A failed call: `retryable` false means retrying the same data cannot help (e.g. no definition). */
export class ApprovalCenterCallError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(reason);
  }
}

export interface ApprovalCenterPort {
  /** Creates or updates the instance (Feishu keeps the newest by `updateTime`); throws ApprovalCenterCallError. */
  put(instance: ApprovalCenterInstance): Promise<void>;
}

/** One department as the org chart knows it; `leaderOpenId` absent when it has none (or none is readable). */
export type OrgDepartment = {
  id: string;
  name: string;
  parentId: string | null;
  leaderOpenId: string | null;
};

export interface OrgChartPort {
  /** The department, or null when Feishu does not know it; throws when Feishu cannot be asked. */
  department(id: string): Promise<OrgDepartment | null>;
  /** A person's display name (null when unknown or unreadable). */
  userName(openId: string): Promise<string | null>;
}

/** The task context AirGate writes and reads back from the quick-approval callback. */
export type TaskContext = { r: string; o: string };
