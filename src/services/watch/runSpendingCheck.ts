import { randomUUID } from 'node:crypto';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { watchRepo } from '../../db/repos/watch.js';
import type { NoticeLocale } from '../notifications/types.js';
import { readSettings } from '../settings/getSettings.js';
import { raiseActionAlerts } from './actionAlerts.js';
import { syncAlertDelivery } from './alerts.js';
import { BURN_WINDOW_MS, loadBurnBase } from './burn.js';
import { checkAccount } from './checkAccount.js';
import {
  DEFAULT_TUNING,
  emptySummary,
  reasonOf,
  timed,
  type CycleContext,
  type CycleSummary,
  type WatchDeps,
  type WatchTuning,
} from './context.js';
import { acquireCycleLock, FencedOutError, type LockOptions } from './lock.js';

export type SpendingCheckInput = {
  /** Who asked: 'schedule', 'cli', 'chat', 'api', 'test'… (kept with the cycle). */
  trigger: string;
  lock?: LockOptions;
  tuning?: Partial<WatchTuning>;
  locale?: NoticeLocale;
  /** Asks a running cycle to stop after the account it is on (shutdown). */
  signal?: AbortSignal;
};

export type SpendingCheckResult =
  | { ran: false; reason: 'busy' }
  | {
      ran: true;
      cycleId: number;
      fence: number;
      startedAt: Date;
      finishedAt: Date;
      /** Wall-clock time the cycle took (the business clock may be virtual). */
      durationMs: number;
      summary: CycleSummary;
    };

/** Cycles looked back over for one that finished; beyond them the action cards' window bounds the search. */
const RECOVERY_LOOKBACK = 20;

/**
 * The start of the oldest cycle that did not finish since the last one that did (its process died, its lock
 * was lost or it failed: the cards of its changes may be missing), or null when the previous cycle finished.
 */
function unfinishedSince(
  cycles: ReadonlyArray<{ id: number; outcome: string; startedAt: Date }>,
  current: number,
): Date | null {
  let since: Date | null = null;
  for (const c of cycles) {
    if (c.id === current) continue;
    if (c.outcome === 'done') return since;
    since = c.startedAt;
  }
  // No finished cycle within reach: look back as far as the action cards go.
  return since ? new Date(0) : null;
}

/**
 * One spending cycle: under the cycle lock, per Volcengine main account one sweep of its bill, spending
 * recorded per project and day, each sub-account's percent against its quota, stepped alerts, early
 * warnings, disables at 100 % and re-enables after an allocation, and the cards of what was done. An
 * account whose bill was incomplete is reported and decides nothing; the others go on. Returns
 * `{ ran: false }` when another cycle holds the lock.
 */
export async function runSpendingCheck(
  deps: WatchDeps,
  input: SpendingCheckInput,
): Promise<SpendingCheckResult> {
  const lock = await acquireCycleLock(deps, input.lock);
  if (!lock) return { ran: false, reason: 'busy' };
  const started = performance.now();
  const startedAt = deps.clock.now();
  const log = deps.log.child({ job: 'spendingCheck', fence: lock.fence });
  let cycleId = 0;
  const summary = emptySummary();
  try {
    let abandoned: number[] = [];
    let recoverSince: Date | null = null;
    cycleId = await inTransaction(deps.db, async (tx) => {
      await lock.check(tx);
      const id = await watchRepo.startCycle(tx, {
        fence: lock.fence,
        holder: lock.holder,
        trigger: input.trigger.slice(0, 16),
        startedAt,
      });
      // Holding the lock means no other cycle is alive: one still "running" died with its process
      // (killed, or its lease expired) and is marked so, not left running for ever.
      abandoned = await watchRepo.abandonRunningCycles(tx, id, startedAt);
      recoverSince = unfinishedSince(await watchRepo.recentCycles(tx, RECOVERY_LOOKBACK + 1), id);
      return id;
    });
    if (abandoned.length > 0)
      log.warn({ cycleId, abandoned }, 'earlier cycles died unfinished: marked abandoned');
    const { settings, burn, accounts, members } = await withReader(deps.db, async (m) => ({
      settings: await readSettings(deps.repos, m),
      burn: await loadBurnBase(m, startedAt),
      accounts: await deps.repos.accounts.list(m),
      members: await deps.repos.members.list(m),
    }));
    let t = timed(summary, 'start', started);
    const ctx: CycleContext = {
      deps,
      lock,
      cycleId,
      actor: { kind: 'system', job: 'spendingCheck' },
      requestId: `watch-${cycleId}-${randomUUID().slice(0, 8)}`,
      settings,
      tuning: { ...DEFAULT_TUNING, contractBilling: settings.contractBilling, ...input.tuning },
      card: {
        locale: input.locale ?? deps.config.locale,
        now: startedAt,
        // The split bill's real lag (up to 2 days), not an assumed 2 hours; the estimate's is the usage lag.
        lagHours:
          input.tuning?.assumedBillLagHours ??
          (input.tuning?.splitBillLagMs ?? DEFAULT_TUNING.splitBillLagMs) / 3_600_000,
        freshLagHours: (input.tuning?.usageLagMs ?? DEFAULT_TUNING.usageLagMs) / 3_600_000,
        intervalMinutes: settings.checkIntervalMinutes,
      },
      burn,
      summary,
      readings: new Map(),
      changes: [],
      recoverSince,
      adminOpenIds: members.filter((x) => x.roles.includes('admin')).map((x) => x.openId),
    };
    for (const account of accounts) {
      if (input.signal?.aborted) break;
      try {
        await checkAccount(ctx, account);
      } catch (err) {
        if (err instanceof FencedOutError) throw err;
        log.error({ account: account.name, err: reasonOf(err) }, 'spending check of an account failed');
        const outcome = summary.accounts.find((a) => a.accountId === account.id);
        if (outcome) outcome.error = reasonOf(err);
      }
    }
    t = performance.now();
    await raiseActionAlerts(ctx);
    t = timed(summary, 'actionAlerts', t);
    await inTransaction(deps.db, async (tx) => {
      await lock.check(tx);
      await watchRepo.pruneSnapshots(tx, new Date(startedAt.getTime() - 2 * BURN_WINDOW_MS));
      await syncAlertDelivery(deps, tx, new Date(startedAt.getTime() - 2 * BURN_WINDOW_MS));
      timed(summary, 'finish', t);
      await watchRepo.finishCycle(tx, cycleId, 'done', summary, deps.clock.now());
    });
    const finishedAt = deps.clock.now();
    const durationMs = Math.round(performance.now() - started);
    log.info(
      {
        cycleId,
        durationMs,
        accounts: summary.accounts.length,
        subAccounts: summary.subAccounts,
        billingCalls: summary.billingCalls,
        alerts: summary.alerts,
        disabled: summary.disabled.length,
        enabled: summary.enabled.length,
        failures: summary.failures.length,
      },
      'spending check done',
    );
    return { ran: true, cycleId, fence: lock.fence, startedAt, finishedAt, durationMs, summary };
  } catch (err) {
    const outcome = err instanceof FencedOutError ? 'fenced' : 'failed';
    log.error({ cycleId, err: reasonOf(err) }, 'spending check failed');
    if (cycleId && outcome === 'failed') {
      await inTransaction(deps.db, (tx) =>
        watchRepo.finishCycle(tx, cycleId, outcome, { ...summary, error: reasonOf(err) }, deps.clock.now()),
      ).catch(() => undefined);
    }
    throw err;
  } finally {
    await lock
      .release()
      .catch((err: unknown) => log.warn({ err: reasonOf(err) }, 'releasing the cycle lock failed'));
  }
}
