import type { WatchDeps } from '../../services/watch/context.js';
import { runSpendingCheckIfDue } from '../../services/watch/runSpendingCheckIfDue.js';
import { postWeeklyUnattributed } from '../../services/enforcement/weeklyUnattributed.js';
import { withReader } from '../../db/repos/transaction.js';
import { readSettings } from '../../services/settings/getSettings.js';

const readSettingsNow = (deps: WatchDeps) => withReader(deps.db, (m) => readSettings(deps.repos, m));

/**
 * The spending-check job, run on every scheduler tick: thin — the deps it is given, one service call
 * (which runs a cycle only when one is due), one summary line in the log.
 */
export async function spendingCheckJob(
  deps: WatchDeps,
  opts: { tickMs: number; signal?: AbortSignal },
): Promise<void> {
  const r = await runSpendingCheckIfDue(deps, {
    trigger: 'schedule',
    slackMs: opts.tickMs / 2,
    signal: opts.signal,
  });
  if (!r.ran) {
    deps.log.debug({ job: 'spendingCheck', reason: r.reason }, 'no spending check this tick');
    return;
  }
  // After a cycle, the week's unattributed Ark spending goes to the alert chat once (a no-op until it is due).
  await postWeeklyUnattributed(deps, await readSettingsNow(deps), deps.config.locale).then(
    (outcome) =>
      deps.log.debug({ job: 'spendingCheck', unattributedWeek: outcome }, 'weekly unattributed line'),
    (err: unknown) =>
      deps.log.warn({ err: String(err) }, 'weekly unattributed line failed; next cycle retries'),
  );
  const s = r.summary;
  deps.log.info(
    {
      job: 'spendingCheck',
      cycleId: r.cycleId,
      durationMs: r.durationMs,
      subAccounts: s.subAccounts,
      billingCalls: s.billingCalls,
      incomplete: s.accounts.filter((a) => !a.complete).map((a) => a.name),
      disabled: s.disabled.length,
      enabled: s.enabled.length,
      failures: s.failures.length,
    },
    'scheduled spending check finished',
  );
}
