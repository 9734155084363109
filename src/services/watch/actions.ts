import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { QUOTA_EXHAUSTED_REASON } from '../../domain/quota.js';
import { disableSubAccount } from '../iam/disableSubAccount.js';
import { enableSubAccount } from '../iam/enableSubAccount.js';
import { failedView, type SubReading } from './alertViews.js';
import { raiseAlert, recipientsFor } from './alerts.js';
import { reasonOf, type CycleContext } from './context.js';
import { FencedOutError } from './lock.js';

/**
 * Runs the cloud side of a decision through the IAM services (the one disable/enable path: intent,
 * calls from a fresh read of Volcengine, confirm). A failure is reported in the cycle summary and as an
 * alert — silently the first time, with a card from the second failure of the same episode on — and the
 * next cycle tries again from the state it finds. Cards for what was done come from the audit log.
 */
export async function runAction(
  ctx: CycleContext,
  r: SubReading,
  action: 'disable' | 'enable',
): Promise<void> {
  const { deps } = ctx;
  ctx.changes.push({ subAccountId: r.sub.id, action, since: deps.clock.now() });
  try {
    await inTransaction(deps.db, (tx) => ctx.lock.check(tx));
    if (action === 'disable') {
      const res = await disableSubAccount(deps, {
        actor: ctx.actor,
        subAccountId: r.sub.id,
        reason: QUOTA_EXHAUSTED_REASON,
        requestId: ctx.requestId,
      });
      if (!res.alreadyDisabled) ctx.summary.disabled.push(r.sub.userName);
    } else {
      const res = await enableSubAccount(deps, {
        actor: ctx.actor,
        subAccountId: r.sub.id,
        requestId: ctx.requestId,
      });
      if (!res.alreadyActive) ctx.summary.enabled.push(r.sub.userName);
    }
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    const reason = reasonOf(err);
    ctx.summary.failures.push({ subAccount: r.sub.userName, action, reason });
    deps.log.warn(
      { subAccount: r.sub.userName, action, err: reason },
      'spending watch action failed; retried next cycle',
    );
    await reportFailure(ctx, r, action, reason);
  }
}

async function reportFailure(
  ctx: CycleContext,
  r: SubReading,
  action: 'disable' | 'enable',
  reason: string,
): Promise<void> {
  const { deps } = ctx;
  const sub = (await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, r.sub.id))) ?? r.sub;
  const episode = (action === 'enable' ? sub.reenableRequestedAt : null) ?? sub.disabledAt;
  const key = `${action}_failed:${sub.id}:${episode?.getTime() ?? sub.alertEpoch}`;
  await inTransaction(deps.db, async (tx) => {
    await ctx.lock.check(tx);
    const base = {
      accountId: sub.accountId,
      subAccountId: sub.id,
      type: 'enforcement_failed',
      epoch: sub.alertEpoch,
      percent: r.quota.percent,
    };
    const first = await raiseAlert(
      deps,
      tx,
      { ...base, level: 'warning', details: { action, reason, attempt: 1 }, dedupeKey: `${key}:1` },
      null,
      [],
    );
    if (first) return;
    const now = deps.clock.now();
    const view = failedView(r, { action, attempts: 2, reason, at: now });
    const second = await raiseAlert(
      deps,
      tx,
      { ...base, level: 'critical', details: { action, reason, attempt: 2 }, dedupeKey: `${key}:2` },
      { kind: 'watch.enforcementFailed', view, locale: ctx.card.locale },
      recipientsFor(ctx.settings, sub.ownerOpenId, ctx.adminOpenIds),
    );
    if (second) ctx.summary.alerts.enforcement_failed++;
  });
}
