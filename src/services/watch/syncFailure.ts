import { inTransaction } from '../../db/repos/transaction.js';
import { watchRepo } from '../../db/repos/watch.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import { raiseAlert, recipientsFor } from './alerts.js';
import type { CycleContext } from './context.js';

/** Failures in a row after which a sync error is escalated (RELIABILITY: "escalate if it lasts > 2 cycles"). */
export const ESCALATE_AFTER = 3;

/**
 * An account whose bill could not be read completely (D1): its failure streak grows, and the first
 * failure of a streak and its escalation each raise one sync-error alert with a card. No spending is
 * written and nothing is disabled for its sub-accounts this cycle.
 */
export async function recordSyncFailure(
  ctx: CycleContext,
  account: AccountDto,
  reason: string,
  subAccounts: number,
  /** Critical from the first failure (split billing off: spending would read 0 for ever). */
  opts: { critical?: boolean } = {},
): Promise<void> {
  const { deps } = ctx;
  await inTransaction(deps.db, async (tx) => {
    await ctx.lock.check(tx);
    const now = deps.clock.now();
    const prev = await watchRepo.account(tx, account.id);
    const failures = (prev?.failures ?? 0) + 1;
    const failingSince = prev?.failingSince ?? now;
    await watchRepo.saveAccount(tx, {
      accountId: account.id,
      lastCompleteAt: prev?.lastCompleteAt ?? null,
      newestDay: prev?.newestDay ?? null,
      failingSince,
      failures,
      lastError: reason.slice(0, 500),
      updatedAt: now,
    });
    if (failures !== 1 && failures !== ESCALATE_AFTER) return;
    const view = {
      account: account.name,
      at: now.toISOString(),
      reason,
      consecutive: failures,
      subAccounts,
      lastCompleteAt: prev?.lastCompleteAt?.toISOString() ?? null,
    };
    const row = await raiseAlert(
      deps,
      tx,
      {
        accountId: account.id,
        type: 'sync_error',
        level: opts.critical || failures >= ESCALATE_AFTER ? 'critical' : 'warning',
        details: {
          account: account.name,
          reason,
          consecutive: failures,
          failingSince: failingSince.toISOString(),
        },
        dedupeKey: `sync_error:${account.id}:${failingSince.getTime()}:${failures}`,
      },
      { kind: 'watch.syncError', view, locale: ctx.card.locale },
      recipientsFor(ctx.settings, null, ctx.adminOpenIds),
    );
    if (row) ctx.summary.alerts.sync_error++;
  });
}
