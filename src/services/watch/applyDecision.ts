import { inTransaction } from '../../db/repos/transaction.js';
import type { SubAccountPatch } from '../../db/repos/subAccounts.js';
import { knownSpend, QUOTA_EXHAUSTED_REASON, quotaStatus } from '../../domain/quota.js';
import { EXHAUSTED_STEP } from '../../domain/thresholds.js';
import { alertDetails, earlyView, thresholdView, type SubReading } from './alertViews.js';
import { raiseAlert, recipientsFor } from './alerts.js';
import type { CycleContext } from './context.js';
import { decide, type Decision } from './decide.js';

function decisionFor(ctx: CycleContext, r: SubReading, complete: boolean): Decision {
  return decide(
    {
      status: r.sub.status,
      disabledReason: r.sub.disabledReason,
      reenableRequestedAt: r.sub.reenableRequestedAt,
      alertedStep: r.sub.alertedStep,
      earlyWarned: r.sub.earlyWarned,
      balance: r.sub.balance,
      spent: r.quota.spent,
      thresholds: r.thresholds,
      burnPerHour: r.burnPerHour,
    },
    { complete, earlyWarningHours: ctx.settings.earlyWarningHours },
  );
}

/** The cloud action still to take, and the reading the decision was taken on (as recorded). */
export type AppliedDecision = { action: 'disable' | 'enable' | null; reading: SubReading };

/**
 * Decides for one sub-account and records the decision. A first look on plain reads finds the few that
 * need anything; those are decided again under the sub-account's row lock (an allocation may have landed
 * meanwhile), and in that transaction: the threshold or early-warning alert with its cards and the alert
 * state, and before a disable its intent ('disabling', reason quota) — so an allocation arriving during
 * the disable already asks for the re-enable. Returns the cloud action still to take and the reading as it
 * stands after the decision (re-read under the lock, with the recorded alert state and intent).
 */
export async function applyDecision(
  ctx: CycleContext,
  r: SubReading,
  complete: boolean,
): Promise<AppliedDecision> {
  const first = decisionFor(ctx, r, complete);
  const records =
    first.step !== null ||
    first.earlyWarningHours !== null ||
    first.reachedExhausted ||
    first.action === 'disable';
  if (!records) return { action: first.action, reading: r };

  const { deps } = ctx;
  return inTransaction(deps.db, async (tx) => {
    await ctx.lock.check(tx);
    const sub = await deps.repos.subAccounts.lockById(tx, r.sub.id);
    if (!sub) return { action: null, reading: r };
    const projects = await deps.repos.projects.listBySubAccount(tx, sub.id);
    // The bill's figures re-read under the lock; the estimate's excess over them is this cycle's.
    const final = knownSpend(projects);
    const layers = r.layers
      ? { ...r.layers, final, spent: final.plus(r.layers.billed).plus(r.layers.estimated) }
      : null;
    const reading: SubReading = {
      ...r,
      sub,
      projects,
      quota: quotaStatus(sub.balance, layers ? layers.spent : final),
      layers,
    };
    const d = decisionFor(ctx, reading, complete);
    const now = deps.clock.now();
    const patch: SubAccountPatch = {};
    const to = recipientsFor(ctx.settings, sub.ownerOpenId);
    const base = {
      accountId: sub.accountId,
      subAccountId: sub.id,
      percent: d.quota.percent,
      epoch: sub.alertEpoch,
    };

    if (d.step !== null) {
      patch.alertedStep = d.step;
      const alert = await raiseAlert(
        deps,
        tx,
        {
          ...base,
          type: 'threshold',
          level: 'warning',
          details: alertDetails(reading, ctx.card, { step: d.step }),
          dedupeKey: `threshold:${sub.id}:${sub.alertEpoch}:${d.step}`,
        },
        { kind: 'watch.threshold', view: thresholdView(reading, d.step, ctx.card), locale: ctx.card.locale },
        to,
      );
      if (alert) ctx.summary.alerts.threshold++;
    }
    if (d.earlyWarningHours !== null) {
      patch.earlyWarned = true;
      const horizon = ctx.settings.earlyWarningHours;
      const alert = await raiseAlert(
        deps,
        tx,
        {
          ...base,
          type: 'early_warning',
          level: 'warning',
          details: alertDetails(reading, ctx.card, { horizonHours: horizon }),
          dedupeKey: `early:${sub.id}:${sub.alertEpoch}`,
        },
        {
          kind: 'watch.earlyWarning',
          view: earlyView(reading, d.earlyWarningHours, horizon, ctx.card),
          locale: ctx.card.locale,
        },
        to,
      );
      if (alert) ctx.summary.alerts.early_warning++;
    }
    if (d.reachedExhausted) patch.alertedStep = EXHAUSTED_STEP;
    if (d.action === 'disable' && sub.status !== 'disabling') {
      Object.assign(patch, {
        status: 'disabling',
        disabledReason: QUOTA_EXHAUSTED_REASON,
        disabledAt: sub.disabledAt ?? now,
      });
    }
    if (Object.keys(patch).length === 0) return { action: d.action, reading };
    await deps.repos.subAccounts.update(tx, sub.id, patch, now);
    return { action: d.action, reading: { ...reading, sub: { ...sub, ...patch } } };
  });
}
