import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { AuditDto } from '../../db/repos/audit.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { knownSpend, QUOTA_EXHAUSTED_REASON, quotaStatus } from '../../domain/quota.js';
import { alertDetails, disabledView, reenabledView, type SubReading } from './alertViews.js';
import { raiseAlert, recipientsFor } from './alerts.js';
import { burnPerHour } from './burn.js';
import { enforceabilityReport } from '../enforcement/enforceabilityReport.js';
import { enforceabilityNotice, type EnforceabilityNotice } from '../enforcement/notices.js';
import type { CycleContext } from './context.js';

const disableAfter = z.looseObject({
  disabledReason: z.string().nullish(),
  keysTurnedOff: z.array(z.string()).default([]),
  loginTurnedOff: z.boolean().default(false),
});
const enableAfter = z.looseObject({
  keysRestored: z.array(z.string()).default([]),
  keysAlreadyActive: z.array(z.string()).default([]),
  loginRestored: z.boolean().default(false),
});

/** The oldest change a cycle still cards (a cycle that died longer ago than this is not made up for). */
const ACTION_CARD_WINDOW_MS = 26 * 3_600_000;

/** A disable or enable the watch attempted for a sub-account, from `since` on (see raiseActionAlerts). */
export type WatchChange = { subAccountId: string; action: 'disable' | 'enable'; since: Date };

/**
 * The red and green cards: one per disable or enable the watch made, keyed by that change's audit entry
 * (written in the IAM service's own transaction). Run after the actions of a cycle, for the changes this
 * cycle attempted (`ctx.changes`: a few audit reads per change, nothing when nothing changed). When an earlier
 * cycle died unfinished (`ctx.recoverSince`), the watch's changes since its start are carded too: a change
 * whose process died before its card was recorded. The alert's dedupe key makes each card once-only.
 */
export async function raiseActionAlerts(ctx: CycleContext): Promise<void> {
  const { deps } = ctx;
  const windowStart = new Date(deps.clock.now().getTime() - ACTION_CARD_WINDOW_MS);
  const recoverSince = ctx.recoverSince && ctx.recoverSince > windowStart ? ctx.recoverSince : windowStart;
  const { audits, seen } = await withReader(deps.db, async (m) => {
    const found = new Map<number, AuditDto>();
    const seen = new Set<string>();
    const read = async (filter: { targetId?: string; action: string; since: Date; limit: number }) => {
      for (const a of await deps.repos.audit.list(m, { ...filter, actor: 'system' })) found.set(a.id, a);
    };
    for (const c of ctx.changes) {
      await read({ targetId: c.subAccountId, action: `subaccount.${c.action}`, since: c.since, limit: 10 });
    }
    if (ctx.recoverSince) {
      for (const action of ['subaccount.disable', 'subaccount.enable'])
        await read({ action, since: recoverSince, limit: 5000 });
      for (const type of ['disabled', 're_enabled'])
        for (const a of await deps.repos.alerts.list(m, { type, since: recoverSince, limit: 5000 }))
          if (a.dedupeKey) seen.add(a.dedupeKey);
    }
    return { audits: [...found.values()].sort((a, b) => a.id - b.id), seen };
  });
  for (const a of audits) {
    const disable = a.action === 'subaccount.disable';
    const key = `${disable ? 'disabled' : 're_enabled'}:audit:${a.id}`;
    if (seen.has(key)) continue;
    const after = (disable ? disableAfter : enableAfter).safeParse(a.after);
    if (!after.success) continue;
    if (disable && (after.data as z.infer<typeof disableAfter>).disabledReason !== QUOTA_EXHAUSTED_REASON)
      continue;
    // What still can spend goes on the disable card; read-only Volcengine calls, so before the transaction.
    const report = disable ? await reportFor(ctx, a.targetId) : null;
    await inTransaction(deps.db, async (tx) => {
      await ctx.lock.check(tx);
      const r = await readingFor(ctx, tx, a.targetId);
      if (!r) return;
      // A disable is critical: with no chat and no owner it goes to the admins; an enable is good news only.
      const to = recipientsFor(ctx.settings, r.sub.ownerOpenId, disable ? ctx.adminOpenIds : []);
      const base = {
        accountId: r.sub.accountId,
        subAccountId: r.sub.id,
        epoch: r.sub.alertEpoch,
        percent: r.quota.percent,
        dedupeKey: key,
      };
      if (disable) {
        const d = after.data as z.infer<typeof disableAfter>;
        const off = { keys: d.keysTurnedOff, login: d.loginTurnedOff, at: a.createdAt };
        const details = alertDetails(r, ctx.card, {
          keysTurnedOff: off.keys,
          loginTurnedOff: off.login,
          auditId: a.id,
        });
        const row = await raiseAlert(
          deps,
          tx,
          { ...base, type: 'disabled', level: 'critical', details },
          { kind: 'watch.disabled', view: disabledView(r, off, ctx.card, report), locale: ctx.card.locale },
          to,
        );
        if (row) ctx.summary.alerts.disabled++;
      } else {
        const e = after.data as z.infer<typeof enableAfter>;
        const allocatedBy = await lastAllocator(ctx, tx, r.sub.id);
        // Decided this cycle with no allocation asking for it: the spending it was disabled on went down
        // (an estimate the bill showed too high, or a refund).
        const decided = ctx.readings.get(r.sub.id);
        const correctedByBill = decided !== undefined && !decided.sub.reenableRequestedAt;
        const on = {
          keys: e.keysRestored,
          login: e.loginRestored,
          at: a.createdAt,
          allocatedBy,
          correctedByBill,
        };
        const details = alertDetails(r, ctx.card, {
          keysRestored: on.keys,
          loginRestored: on.login,
          auditId: a.id,
        });
        const row = await raiseAlert(
          deps,
          tx,
          { ...base, type: 're_enabled', level: 'info', details },
          { kind: 'watch.reEnabled', view: reenabledView(r, on), locale: ctx.card.locale },
          to,
        );
        if (row) ctx.summary.alerts.re_enabled++;
      }
    });
  }
}

/** The enforceability report of a sub-account just disabled, as a notice stores it; null when there is nothing to say. */
async function reportFor(ctx: CycleContext, subAccountId: string): Promise<EnforceabilityNotice | null> {
  const sub = await withReader(ctx.deps.db, (m) => ctx.deps.repos.subAccounts.findById(m, subAccountId));
  if (!sub) return null;
  try {
    const report = await enforceabilityReport(ctx.deps, sub);
    return report ? enforceabilityNotice(report) : null;
  } catch (err) {
    // The card goes out without the report rather than not at all.
    ctx.deps.log.warn(
      { err: String(err), subAccountId },
      'enforceability report failed; disable card without it',
    );
    return null;
  }
}

/** This cycle's reading of a sub-account, or one read now (a card for a change of an earlier cycle). */
async function readingFor(
  ctx: CycleContext,
  m: EntityManager,
  subAccountId: string,
): Promise<SubReading | null> {
  const sub = await ctx.deps.repos.subAccounts.findById(m, subAccountId);
  if (!sub) return null;
  const projects = await ctx.deps.repos.projects.listBySubAccount(m, sub.id);
  const known = ctx.readings.get(sub.id);
  // This cycle's estimate on top of the bill's figures as they are now (see spending/subLayers).
  const final = knownSpend(projects);
  const layers = known?.layers
    ? { ...known.layers, final, spent: final.plus(known.layers.billed).plus(known.layers.estimated) }
    : null;
  const quota = quotaStatus(sub.balance, layers ? layers.spent : final);
  const thresholds = known?.thresholds ?? sub.thresholds ?? ctx.settings.thresholds;
  const burn = known?.burnPerHour ?? burnPerHour(ctx.burn, sub.id, quota.spent, ctx.deps.clock.now());
  return {
    sub,
    projects,
    quota,
    thresholds,
    burnPerHour: burn,
    newestBillRowAt: known?.newestBillRowAt ?? null,
    layers,
  };
}

/** Who made the latest allocation (for the green card): a member's name when known, else the operator id. */
async function lastAllocator(
  ctx: CycleContext,
  m: EntityManager,
  subAccountId: string,
): Promise<string | null> {
  const [entry] = await ctx.deps.repos.audit.list(m, {
    targetId: subAccountId,
    action: 'quota.allocate',
    limit: 1,
  });
  if (!entry) return null;
  if (entry.actor.startsWith('feishu:')) {
    const member = await ctx.deps.repos.members.findByOpenId(m, entry.actor.slice('feishu:'.length));
    if (member?.name) return member.name;
  }
  return entry.actor;
}
