import { enforcementRepo, type EnforcementChangeDto } from '../../db/repos/enforcement.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { isVolcCode } from '../iam/volcErrors.js';
import {
  ARK_RATE_LIMIT_MAX,
  getEndpoint,
  isEndpointRunning,
  startEndpoint,
  updateEndpoint,
  type ArkRateLimit,
} from '../../volc/actions/ark.js';
import { detachPolicyInProject } from '../../volc/actions/projects.js';
import { DENY_POLICY_NAME, denyAttachedIn } from './denyPolicy.js';
import type { LeverRun } from './applyLevers.js';
import { reasonOf } from './pullLever.js';
import type { LeverChange } from './types.js';
import { FencedOutError } from '../watch/lock.js';

/** Ladder order; a restore walks it backwards (the last change made is the first undone). */
const ORDER = { throttle: 0, stop: 1, deny: 2, regen: 3 } as const;

const notFound = (err: unknown) =>
  isVolcCode(
    err,
    'InvalidEndpoint.NotFound',
    'InvalidEndpointOrModel.NotFound',
    'NotFound',
    'ResourceNotFound',
  );

/**
 * The limit a throttled endpoint had. A 0 shown before is written back as 0 (whatever it meant, it is what
 * was there); a limit, or one field of it, that was absent cannot be removed over the API (no call for it
 * is documented) and 0 may mean "refuse every call" (§10.5, unverified), so it comes back as the widest.
 */
export function limitBefore(r: Pick<EnforcementChangeDto, 'previous'>): ArkRateLimit {
  const prev = (r.previous?.['RateLimit'] ?? null) as { Rpm?: number | null; Tpm?: number | null } | null;
  return { Rpm: prev?.Rpm ?? ARK_RATE_LIMIT_MAX, Tpm: prev?.Tpm ?? ARK_RATE_LIMIT_MAX };
}

/**
 * Undoes exactly the recorded changes, newest rung first: a regenerated key has nothing to undo (its new
 * secret is fetched from the console), the Deny is detached, the stopped endpoints are started, the old
 * rate limits set back. What is already as it was (started by hand, say) or gone counts as restored; a
 * call that fails keeps its record for the next cycle. Records restored are deleted in one transaction.
 */
export async function restoreRecords(run: LeverRun, which: EnforcementChangeDto[]): Promise<LeverChange[]> {
  const sorted = [...which].sort(
    (a, b) => ORDER[b.lever] - ORDER[a.lever] || b.createdAt.getTime() - a.createdAt.getTime(),
  );
  const done: EnforcementChangeDto[] = [];
  let attached: Set<string> | null = null;
  for (const r of sorted) {
    try {
      if (r.lever === 'deny') {
        attached ??= await denyAttachedIn(run.client, run.input.sub.userName);
        if (attached.has(r.projectName)) {
          await detachPolicyInProject(run.client, {
            PrincipalType: 'User',
            PrincipalName: run.input.sub.userName,
            PolicyName: DENY_POLICY_NAME,
            PolicyType: 'Custom',
            ProjectName: [r.projectName],
          });
        }
      } else if (r.lever === 'stop') {
        const e = await getEndpoint(run.client, { Id: r.target }).catch((err: unknown) => {
          if (notFound(err)) return null;
          throw err;
        });
        if (e && !isEndpointRunning(e)) await startEndpoint(run.client, { Id: r.target });
      } else if (r.lever === 'throttle') {
        const e = await getEndpoint(run.client, { Id: r.target }).catch((err: unknown) => {
          if (notFound(err)) return null;
          throw err;
        });
        if (e) await updateEndpoint(run.client, { Id: r.target, RateLimit: limitBefore(r) });
      }
      done.push(r);
    } catch (err) {
      if (err instanceof FencedOutError) throw err;
      run.out.failures.push({
        lever: r.lever,
        project: r.projectName,
        target: r.target,
        reason: reasonOf(err),
      });
    }
  }
  if (done.length > 0) {
    await inTransaction(run.deps.db, async (tx) => {
      await run.input.check?.(tx);
      await enforcementRepo.remove(
        tx,
        done.map((r) => r.id),
      );
    });
  }
  const restored = done.map((r) => ({
    lever: r.lever,
    project: r.projectName,
    target: r.target,
    repaired: false,
  }));
  run.out.restored.push(...restored);
  return restored;
}
