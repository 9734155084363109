import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { withReader, type Tx } from '../../db/repos/transaction.js';
import { toDecimalString } from '../../domain/money.js';
import { operatorNamerFor } from '../members/operatorNames.js';
import { readSettings } from '../settings/getSettings.js';
import type { Settings } from '../settings/schema.js';
import {
  ApprovalCenterCallError,
  type ApprovalCenterInstance,
  type ApprovalCenterView,
  type ApprovalCenterPort,
  type TaskContext,
} from './approvalCenter.js';
import type { RouteDeps } from './approverRoute.js';
import { requestRoute, stepState } from './requestSteps.js';
import { routeNotice } from './requestNotice.js';

export type ApprovalSyncDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'log'> &
  RouteDeps & { approvalCenter: ApprovalCenterPort | undefined };

/**
 * The request's current state is to reach the approval centre: recorded in `tx`, the transaction of the
 * change (creation or decision), so a committed change is never left unsynced; nothing when the centre is
 * not set up. The sync loop pushes it (syncApprovalCenter).
 */
export async function queueApprovalCenterSync(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  request: Pick<QuotaRequestDto, 'id' | 'version'>,
): Promise<void> {
  const settings = await readSettings(deps.repos, tx);
  if (!settings.approvalCenterCode) return;
  await deps.repos.approvalCenterSyncs.want(tx, request.id, request.version, deps.clock.now());
}

const BATCH = 50;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 10 * 60_000;

export type ApprovalSyncRun = { synced: number; failed: number };

/**
 * Pushes every due request to the approval centre (its state now, whatever version was queued: a push is an
 * idempotent upsert keyed by instance id and ordered by update_time). A failed push stays queued with a
 * growing delay (2 s … 10 min) and is retried until it succeeds: a change is never dropped.
 */
export async function syncApprovalCenter(deps: ApprovalSyncDeps): Promise<ApprovalSyncRun> {
  const run: ApprovalSyncRun = { synced: 0, failed: 0 };
  if (!deps.approvalCenter) return run;
  const now = deps.clock.now();
  const { settings, due } = await withReader(deps.db, async (m) => ({
    settings: await readSettings(deps.repos, m),
    due: await deps.repos.approvalCenterSyncs.due(m, now, BATCH),
  }));
  const code = settings.approvalCenterCode;
  if (!code) return run;
  for (const row of due) {
    const request = await withReader(deps.db, (m) =>
      deps.repos.quotaRequests.findById(m, row.quotaRequestId),
    );
    try {
      if (request) await deps.approvalCenter.put(await approvalInstanceOf(deps, settings, code, request));
      await withReader(deps.db, (m) =>
        deps.repos.approvalCenterSyncs.markSynced(
          m,
          row.quotaRequestId,
          request?.version ?? row.wantedVersion,
          deps.clock.now(),
        ),
      );
      run.synced++;
    } catch (err) {
      run.failed++;
      const reason = err instanceof ApprovalCenterCallError ? err.reason : 'unexpected error';
      const delay = Math.min(FIRST_RETRY_MS * 2 ** row.attempts, MAX_RETRY_MS);
      deps.log.warn(
        { quotaRequestId: row.quotaRequestId, attempts: row.attempts + 1, reason },
        'approval centre sync failed; will retry',
      );
      if (!(err instanceof ApprovalCenterCallError)) deps.log.error({ err }, 'approval centre sync error');
      await withReader(deps.db, (m) =>
        deps.repos.approvalCenterSyncs.markFailed(
          m,
          row.quotaRequestId,
          {
            attempts: row.attempts + 1,
            nextAttemptAt: new Date(deps.clock.now().getTime() + delay),
            error: reason,
          },
          deps.clock.now(),
        ),
      );
    }
  }
  return run;
}

/** A task's id: stable per request and person (the centre keeps a task across syncs by it). */
export function taskIdOf(requestId: string, openId: string): string {
  return `t-${createHash('sha256').update(`${requestId}\u0000${openId}`).digest('hex').slice(0, 24)}`;
}

/** The request as the approval centre shows it now. */
export async function approvalInstanceOf(
  deps: Pick<ApprovalSyncDeps, 'db' | 'repos' | 'orgChart'>,
  settings: Settings,
  approvalCode: string,
  request: QuotaRequestDto,
): Promise<ApprovalCenterInstance> {
  return withReader(deps.db, async (m) => {
    const steps = stepState(request);
    const name = await operatorNamerFor(deps, m, [
      request.requester,
      request.decidedBy,
      ...steps.approvals.map((a) => a.by),
    ]);
    const sub = await deps.repos.subAccounts.findById(m, request.subAccountId);
    const route = await requestRoute(deps, m, settings, request);
    const decidedBy = request.decidedBy?.startsWith('feishu:') ? request.decidedBy.slice(7) : null;
    const ended = request.status === 'pending' ? null : (request.decidedAt ?? request.updatedAt);
    const done = (openId: string) =>
      request.status === 'pending'
        ? 'PENDING'
        : openId === decidedBy && request.status === 'approved'
          ? 'APPROVED'
          : openId === decidedBy && request.status === 'rejected'
            ? 'REJECTED'
            : 'DONE';
    type Task = ApprovalCenterInstance['tasks'][number];
    const task = (openId: string, status: Task['status'], createdAt: Date, endedAt: Date | null): Task => ({
      taskId: taskIdOf(request.id, openId),
      openId,
      status,
      createdAt,
      endedAt,
      context: JSON.stringify({ r: request.id, o: openId } satisfies TaskContext),
    });
    let tasks: Task[];
    if (steps.steps.length > 1) {
      // In turn: each approved step's task, then the current step's (the next one is not asked yet).
      tasks = steps.approvals.map((a, i) => {
        const at = new Date(a.at);
        const createdAt = i === 0 ? request.createdAt : new Date(steps.approvals[i - 1]!.at);
        return task(steps.steps[i]!.openId, 'APPROVED', createdAt, at);
      });
      const current = steps.current ?? (decidedBy ? { openId: decidedBy } : null);
      const since = steps.approvals.length
        ? new Date(steps.approvals[steps.approvals.length - 1]!.at)
        : request.createdAt;
      if (current && !tasks.some((t) => t.openId === current.openId))
        tasks.push(task(current.openId, done(current.openId), since, ended));
    } else {
      const asked = new Set(route.openIds);
      // Whoever decided from the card without being asked here still shows as the decider.
      if (decidedBy && request.status !== 'pending' && request.status !== 'cancelled') asked.add(decidedBy);
      tasks = [...asked].map((openId) => task(openId, done(openId), request.createdAt, ended));
    }
    const view: ApprovalCenterView = {
      sub: sub?.userName ?? request.subAccountId,
      amount: toDecimalString(request.amount),
      reason: request.reason,
      requester: name(request.requester),
      expiresAt: request.expiresAt.toISOString(),
      route: routeNotice(route),
      ...(steps.steps.length > 1 && {
        steps: {
          total: steps.steps.length,
          approved: steps.approvals.map((a) => ({ by: name(a.by), amount: a.amount, at: a.at })),
          waiting: request.status === 'pending' ? (steps.current?.name ?? null) : null,
        },
      }),
      decision:
        request.status === 'pending'
          ? { state: 'pending' }
          : request.status === 'approved'
            ? {
                state: 'approved',
                by: name(request.decidedBy),
                amount: toDecimalString(request.approvedAmount ?? request.amount),
              }
            : request.status === 'expired'
              ? { state: 'expired' }
              : { state: request.status, by: name(request.decidedBy) },
    };
    return {
      approvalCode,
      instanceId: request.id,
      status: STATUS[request.status],
      requesterOpenId: request.requester.startsWith('feishu:') ? request.requester.slice(7) : null,
      startedAt: request.createdAt,
      endedAt: ended,
      // Versions only grow and a decision is never earlier than the filing: strictly increasing per request.
      updateTime: Math.max(request.createdAt.getTime(), ended?.getTime() ?? 0) + request.version,
      tasks,
      view,
    };
  });
}

const STATUS = {
  pending: 'PENDING',
  approved: 'APPROVED',
  rejected: 'REJECTED',
  cancelled: 'CANCELED',
  expired: 'TERMINATED',
} as const satisfies Record<QuotaRequestDto['status'], ApprovalCenterInstance['status']>;
