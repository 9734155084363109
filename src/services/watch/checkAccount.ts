import type { Money } from '../../domain/money.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { watchRepo } from '../../db/repos/watch.js';
import { projectPausesRepo, type SkippedDays } from '../../db/repos/projectPauses.js';
import { sweepCountsFrom } from '../projects/pausedDays.js';
import { knownSpend, QUOTA_EXHAUSTED_REASON, quotaStatus } from '../../domain/quota.js';
import type { SubReading } from './alertViews.js';
import { runAction } from './actions.js';
import { arkLadderStep } from '../enforcement/ladderHook.js';
import { applyDecision } from './applyDecision.js';
import { billPeriod, periodFinalAt, periodsToSweep, previousPeriod } from '../../domain/billingPeriod.js';
import { burnPerHour, snapshotDue } from './burn.js';
import { reasonOf, timed, type AccountOutcome, type CycleContext } from './context.js';
import { microToMoney } from './micro.js';
import { readStoredSpending, recordSpending, type StoredSpending } from './recordSpending.js';
import { findSplitBillingGap, splitBillingReason, type SplitBillingGap } from './splitBilling.js';
import { sweepBill, sweepPlan, type BillSweep } from './sweepBill.js';
import { recordSyncFailure } from './syncFailure.js';
import { FencedOutError } from './lock.js';
import {
  fetchFreshLayer,
  finishFreshLayer,
  type FreshLayer,
  type FreshReads,
} from '../spending/freshLayer.js';
import { historyPerHour } from '../spending/historyBurn.js';
import { subLayers } from '../spending/subLayers.js';
import { storeSubAccountLayers } from '../spending/storeSubLayers.js';
import { billingPacer } from '../../volc/billingPacer.js';

/**
 * One main account's part of a cycle: one sweep of its bill, then each sub-account decided and acted
 * on. Decisions that need complete data are taken only when the sweep was complete (D1); an allocation's
 * re-enable goes ahead either way.
 */
export async function checkAccount(ctx: CycleContext, account: AccountDto): Promise<void> {
  const { deps, tuning } = ctx;
  const outcome: AccountOutcome = {
    accountId: account.id,
    name: account.name,
    complete: false,
    billingCalls: 0,
    periods: [],
    rows: 0,
    daysWritten: 0,
    subAccounts: 0,
    error: null,
    unattributed: null,
    outsidePeriodRows: 0,
  };
  ctx.summary.accounts.push(outcome);
  let t = performance.now();
  const { subs, projects } = await load(ctx, account.id);
  outcome.subAccounts = subs.length;
  ctx.summary.subAccounts += subs.length;

  // Paused days the team chose not to count: the sweep reads those projects per day, the estimate leaves them
  // out (recordSpending reads them again inside its transaction, where a decision made meanwhile must count).
  const skipped =
    projects.length === 0
      ? new Map<string, SkippedDays[]>()
      : await withReader(deps.db, (m) => projectPausesRepo.skippedOf(m, account.id));
  let splitOff = false;
  let fresh: Promise<Settled<FreshReads> | null> | null = null;
  let storedAhead: Promise<Settled<StoredSpending | null>> | null = null;
  let openDays: string[] = [];
  let arkFinal = new Map<string, bigint>();
  if (projects.length === 0) outcome.complete = true;
  else {
    try {
      const watched = new Set(projects.map((p) => p.projectName));
      const now = deps.clock.now();
      const periods = periodsToSweep(now, await previousSettled(ctx, account.id));
      t = timed(ctx.summary, 'load', t);
      const plan = {
        periods,
        // Projects with skipped paused days are read per day where those days are (see sweepCountsFrom).
        countsFrom: sweepCountsFrom(projects, skipped, periods),
        now,
        lagMs: tuning.splitBillLagMs,
      };
      // While the bill is read (at the billing pacer's 5 requests a second the process is idle): the stored
      // days its figures replace, and the estimate's own reads (Ark usage and prices, on their own pacer).
      // They start once the first page is in, not beside the first requests: a bill's first pages are its
      // slowest (the gateway assembles it), and every turn of the pacer waits for an answer a window back.
      const ahead = sweepPlan(plan);
      // (Not at all when the sweep ends without a page: a cycle that reads no bill reads nothing else.)
      let begin: (go: boolean) => void = () => {};
      const begun = new Promise<boolean>((resolve) => (begin = resolve));
      storedAhead = settled(
        begun.then((go) =>
          go ? withReader(deps.db, (m) => readStoredSpending(m, account.id, projects, periods, ahead)) : null,
        ),
      );
      fresh = begun.then((go) =>
        go ? startFresh(ctx, account, projects, [...ahead.openDays.values()].flat()) : null,
      );
      let sweep: BillSweep;
      try {
        sweep = await sweepBill(await deps.volc(account.id), {
          ...plan,
          keep: (p) => watched.has(p),
          pacer: billingPacer(account.id, tuning.billingQps),
          concurrency: tuning.billingConcurrency,
          pageSize: tuning.pageSize,
          onFirstPage: () => begin(true),
        });
      } finally {
        begin(false);
      }
      t = timed(ctx.summary, 'sweep', t);
      outcome.billingCalls = sweep.pages;
      openDays = [...sweep.openDays.values()].flat();
      arkFinal = sweep.arkDays;
      outcome.periods = [...sweep.periods];
      outcome.rows = sweep.rows;
      outcome.outsidePeriodRows = sweep.outsidePeriod;
      if (sweep.unattributed !== 0n) {
        outcome.unattributed = microToMoney(sweep.unattributed).toFixed();
        deps.log.warn(
          { account: account.name, amount: outcome.unattributed },
          'bill rows without a project: counted for no sub-account',
        );
      }
      ctx.summary.billingCalls += sweep.pages;
      const gap = sweep.complete ? await splitBillingGap(ctx, account.id, sweep) : null;
      if (gap) {
        splitOff = true;
        outcome.error = splitBillingReason(gap);
      } else if (sweep.complete) {
        t = timed(ctx.summary, 'splitBillingCheck', t);
        const stored = await storedAhead;
        const readAhead = stored.ok ? stored.value : null;
        outcome.daysWritten = (
          await recordSpending(deps, ctx.lock, account.id, projects, sweep, readAhead)
        ).daysWritten;
        outcome.complete = true;
        t = timed(ctx.summary, 'record', t);
      } else outcome.error = sweep.error;
    } catch (err) {
      if (err instanceof FencedOutError) throw err;
      outcome.error = reasonOf(err);
    }
    if (!outcome.complete) {
      // Nothing started for this account outlives its part of the cycle.
      await Promise.all([fresh, storedAhead]);
      deps.log.warn(
        { account: account.name, err: outcome.error },
        'billing data incomplete: no disable decided for this account',
      );
      await recordSyncFailure(ctx, account, outcome.error ?? 'incomplete', subs.length, {
        critical: splitOff,
      });
    }
  }

  t = performance.now();
  const after = outcome.complete ? await load(ctx, account.id) : { subs, projects };
  t = timed(ctx.summary, 'reload', t);
  const layer = outcome.complete
    ? await freshLayerOf(ctx, account, after.projects, skipped, openDays, arkFinal, outcome, fresh)
    : null;
  t = timed(ctx.summary, 'layers', t);
  const readings = readingsOf(ctx, after.subs, after.projects, outcome.complete, layer);
  t = timed(ctx.summary, 'readings', t);
  if (outcome.complete) await takeSnapshots(ctx, readings);
  t = timed(ctx.summary, 'snapshots', t);
  for (const r of readings) {
    const { action, reading } = await applyDecision(ctx, r, outcome.complete);
    ctx.readings.set(r.sub.id, reading);
    if (action) await runAction(ctx, reading, action);
    await arkLadderStep(ctx, reading, outcome.complete);
  }
  t = timed(ctx.summary, 'decisions', t);
  if (outcome.complete) await checkDrift(ctx, readings);
  t = timed(ctx.summary, 'drift', t);
  if (outcome.complete) await storeLayers(ctx, account);
  timed(ctx.summary, 'storeLayers', t);
}

/**
 * Each sub-account's layers as the REST read computes them from the rows this cycle wrote, stored for its
 * first read (storeSubLayers.ts). Only a saving: when it fails the readers compute them, so it is logged.
 */
async function storeLayers(ctx: CycleContext, account: AccountDto): Promise<void> {
  try {
    await storeSubAccountLayers(ctx.deps, account.id, ctx.deps.clock.now());
  } catch (err) {
    ctx.deps.log.warn(
      { account: account.name, err: reasonOf(err) },
      'sub-account layers not stored: the next reads compute them',
    );
  }
}

/**
 * The previous month's bill changes until it is final (refunds, adjustments, late usage: day 5 at 10:00, later
 * with contract billing), and may still change a little after: it is read every cycle until it is final and a
 * complete read since then changed none of its figures. A read that changed a figure wrote it at that
 * read's time, which is also the account's lastCompleteAt: so "unchanged since" is a stored change older
 * than the last complete read.
 */
async function previousSettled(ctx: CycleContext, accountId: string): Promise<boolean> {
  const now = ctx.deps.clock.now();
  const previous = previousPeriod(billPeriod(now));
  const finalAt = periodFinalAt(previous, ctx.tuning.contractBilling);
  if (now < finalAt) return false;
  return withReader(ctx.deps.db, async (m) => {
    const state = await watchRepo.account(m, accountId);
    const last = state?.lastCompleteAt;
    if (!last || last < finalAt) return false;
    const changed = await watchRepo.lastSpendingChange(m, accountId, `${previous}-01`, `${previous}-31`);
    return changed === null || changed < last;
  });
}

/**
 * A split bill with no row at all, in the newest period read and every one before it, while the bill detail
 * has spending the split bill should show: split billing is off, and "0 %" would be a lie (D1). A period
 * emptied only because split billing was switched on later than it is not a gap once a newer period has rows.
 */
async function splitBillingGap(
  ctx: CycleContext,
  accountId: string,
  sweep: BillSweep,
): Promise<SplitBillingGap | null> {
  const periods = [...sweep.periods].sort().reverse();
  for (const period of periods) {
    if ((sweep.rowsByPeriod.get(period) ?? 0) > 0) return null;
    const gap = await findSplitBillingGap(
      await ctx.deps.volc(accountId),
      period,
      ctx.deps.clock.now(),
      billingPacer(accountId, ctx.tuning.billingQps),
    );
    ctx.summary.billingCalls++;
    if (gap) return gap;
  }
  return null;
}

async function load(
  ctx: CycleContext,
  accountId: string,
): Promise<{ subs: SubAccountDto[]; projects: ProjectDto[] }> {
  const { repos } = ctx.deps;
  return withReader(ctx.deps.db, async (m) => ({
    subs: await repos.subAccounts.list(m, { accountId }),
    projects: await repos.projects.listByAccount(m, accountId),
  }));
}

/** A promise's outcome, awaited later: started ahead, its failure is not unhandled meanwhile. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settled<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** The estimated layer's reads (fetchFreshLayer), started; null when the layer is off or nothing is watched. */
function startFresh(
  ctx: CycleContext,
  account: AccountDto,
  projects: readonly ProjectDto[],
  openDays: readonly string[],
): Promise<Settled<FreshReads>> | null {
  if (!ctx.deps.config.spendingFresh || !projects.some((p) => p.monitored)) return null;
  return settled(
    fetchFreshLayer(ctx.deps, account.id, openDays, {
      usageLagMs: ctx.tuning.usageLagMs,
      usageQps: ctx.tuning.usageQps,
    }),
  );
}

/**
 * The estimated layer over the open days (issue 14), unless switched off (AIRGATE_SPENDING_FRESH=off). When
 * usage or prices cannot be read the figures stay the bill's alone, and the outcome says why.
 */
async function freshLayerOf(
  ctx: CycleContext,
  account: AccountDto,
  projects: ProjectDto[],
  skipped: ReadonlyMap<string, SkippedDays[]>,
  openDays: string[],
  arkFinal: ReadonlyMap<string, bigint>,
  outcome: AccountOutcome,
  ahead: Promise<Settled<FreshReads> | null> | null,
): Promise<FreshLayer | null> {
  if (!ctx.deps.config.spendingFresh) return null;
  const monitored = projects.filter((p) => p.monitored);
  if (monitored.length === 0) return null;
  try {
    // Paused days the team chose not to count stay out of the estimate as they stay out of the bill's figure.
    const watched = monitored.map((p) => ({ ...p, skipped: skipped.get(p.id) }));
    const read = await (ahead ?? startFresh(ctx, account, projects, openDays));
    if (!read) return null;
    if (!read.ok) throw read.error;
    const layer = await finishFreshLayer(ctx.deps, read.value, watched, {
      arkFinal,
      check: (tx) => ctx.lock.check(tx),
      billed: {
        pacer: billingPacer(account.id, ctx.tuning.billingQps),
        everyMs: ctx.tuning.billedEveryMs,
        pageSize: ctx.tuning.pageSize,
      },
    });
    outcome.freshCalls = layer.calls;
    outcome.billingCalls += layer.billedCalls;
    ctx.summary.billingCalls += layer.billedCalls;
    if (layer.billedError) outcome.billedError = layer.billedError;
    return layer;
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    outcome.freshError = reasonOf(err);
    ctx.deps.log.warn(
      { account: account.name, err: outcome.freshError },
      'Ark usage or prices unreadable: spending is the bill alone this cycle',
    );
    return null;
  }
}

function readingsOf(
  ctx: CycleContext,
  subs: SubAccountDto[],
  projects: ProjectDto[],
  complete: boolean,
  layer: FreshLayer | null,
): SubReading[] {
  const bySub = new Map<string, ProjectDto[]>();
  for (const p of projects) bySub.set(p.subAccountId, [...(bySub.get(p.subAccountId) ?? []), p]);
  const now = ctx.deps.clock.now();
  return subs.map((sub) => {
    const mine = bySub.get(sub.id) ?? [];
    const final = knownSpend(mine);
    const layers = layer ? subLayers(layer, mine, final) : null;
    const quota = quotaStatus(sub.balance, layers ? layers.spent : final);
    let newest: Date | null = null;
    for (const p of mine)
      if (p.monitored && p.spentUpdatedAt && (!newest || p.spentUpdatedAt > newest))
        newest = p.spentUpdatedAt;
    if (newest && (!ctx.summary.newestBillRowAt || newest.toISOString() > ctx.summary.newestBillRowAt)) {
      ctx.summary.newestBillRowAt = newest.toISOString();
    }
    return {
      sub,
      projects: mine,
      quota,
      thresholds: sub.thresholds ?? ctx.settings.thresholds,
      burnPerHour: fasterOf(
        layers?.perHour ?? null,
        complete ? (burnPerHour(ctx.burn, sub.id, quota.spent, now) ?? historyPerHour(mine, now)) : null,
      ),
      newestBillRowAt: newest,
      layers,
    };
  });
}

/**
 * The fresh layer's rate covers Ark usage only; the bill's (snapshots, or the history before them) covers
 * everything the bill shows. The faster of the two, so a team spending on Ark and elsewhere is not shown the
 * Ark part alone, and a lagging bill does not hide a fast Ark burn.
 */
function fasterOf(a: Money | null, b: Money | null): Money | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.gte(b) ? a : b;
}

async function takeSnapshots(ctx: CycleContext, readings: SubReading[]): Promise<void> {
  const due = readings.filter((r) => r.sub.status !== 'missing' && snapshotDue(ctx.burn, r.sub.id));
  if (due.length === 0) return;
  const at = ctx.deps.clock.now();
  await inTransaction(ctx.deps.db, async (tx) => {
    await ctx.lock.check(tx);
    await watchRepo.addSnapshots(
      tx,
      due.map((r) => ({ subAccountId: r.sub.id, at, spent: r.quota.spent })),
    );
  });
}

/**
 * Re-reads Volcengine for a few quota-disabled sub-accounts per cycle (in rotation, so the calls do not
 * grow with the number of sub-accounts): a key switched back on by hand is switched off again.
 */
async function checkDrift(ctx: CycleContext, readings: SubReading[]): Promise<void> {
  const per = ctx.tuning.driftChecksPerCycle;
  if (per <= 0) return;
  const disabled = readings
    .map((r) => ctx.readings.get(r.sub.id) ?? r)
    .filter(
      (r) =>
        r.sub.status === 'disabled' && r.sub.disabledReason === QUOTA_EXHAUSTED_REASON && r.quota.exhausted,
    )
    .sort((a, b) => (a.sub.id < b.sub.id ? -1 : 1));
  if (disabled.length === 0) return;
  const buckets = Math.ceil(disabled.length / per);
  const pick = ctx.cycleId % buckets;
  for (let i = pick; i < disabled.length; i += buckets) await runAction(ctx, disabled[i]!, 'disable');
}
