import type { ArkAlertType } from '../../domain/alertTypes.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { toDecimalString, type Money } from '../../domain/money.js';
import { writeAudit } from '../audit/writeAudit.js';
import { raiseAlert, recipientsFor } from '../watch/alerts.js';
import { subRef } from '../watch/alertViews.js';
import { enforceabilityNotice, type ArkLadderNoticeView } from './notices.js';
import type { EnforceabilityReport } from './enforceability.js';
import {
  throttleLimit,
  type LadderDeps,
  type LadderInput,
  type LeverChange,
  type LeverFailure,
} from './types.js';

export type LadderNotice = {
  kind: ArkLadderNoticeView['kind'];
  /** One card per key (the alert's dedupe key). */
  dedupeKey: string;
  changes: LeverChange[];
  failures: LeverFailure[];
  report: EnforceabilityReport | null;
  percent: Money;
  audit: { action: string; before: unknown; after: unknown } | null;
  /** Recorded without a card (the first report of a failed lever: the watch retries once before it alarms). */
  silent?: boolean;
};

const ALERT_TYPE: Record<LadderNotice['kind'], ArkAlertType | 'enforcement_failed'> = {
  throttled: 'ark_throttled',
  stopped: 'ark_stopped',
  repaired: 'ark_repaired',
  restored: 'ark_restored',
  failed: 'enforcement_failed',
};

/**
 * Records one ladder step: its audit entry and its alert with cards to the alert chat and the owner, in
 * one transaction; the alert's dedupe key makes the card once-only across cycles and restarts.
 */
export async function notifyLadder(deps: LadderDeps, input: LadderInput, n: LadderNotice): Promise<boolean> {
  const now = deps.clock.now();
  const r = n.report;
  const view: ArkLadderNoticeView = {
    kind: n.kind,
    sub: subRef(input.sub),
    percent: n.percent.isFinite() ? toDecimalString(n.percent) : '100',
    throttle: { rpm: throttleLimit(input.settings).Rpm, tpm: throttleLimit(input.settings).Tpm },
    changes: n.changes.map(({ lever, project, target }) => ({ lever, project, target })),
    failures: n.failures.map(({ lever, project, target, reason }) => ({ lever, project, target, reason })),
    report: r ? enforceabilityNotice(r) : null,
    at: now.toISOString(),
  };
  return inTransaction(deps.db, async (tx) => {
    await input.check?.(tx);
    const alert = await raiseAlert(
      deps,
      tx,
      {
        accountId: input.sub.accountId,
        subAccountId: input.sub.id,
        type: ALERT_TYPE[n.kind],
        level: n.kind === 'throttled' || n.kind === 'restored' ? 'warning' : 'critical',
        percent: n.percent,
        epoch: input.sub.alertEpoch,
        details: {
          changes: n.changes,
          failures: n.failures.map((f) => ({ ...f, reason: f.reason.slice(0, 200) })),
        },
        dedupeKey: n.dedupeKey.slice(0, 191),
      },
      n.silent ? null : { kind: 'ark.ladder', view, locale: input.locale },
      n.silent
        ? []
        : recipientsFor(
            input.settings,
            input.sub.ownerOpenId,
            n.kind === 'throttled' || n.kind === 'restored' ? [] : (input.adminOpenIds ?? []),
          ),
    );
    if (alert && n.audit) {
      await writeAudit(deps, tx, {
        actor: input.actor,
        action: n.audit.action,
        target: { type: 'sub_account', id: input.sub.id },
        before: n.audit.before,
        after: n.audit.after,
        requestId: input.requestId,
      });
    }
    return alert !== null;
  });
}
