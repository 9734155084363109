import type { Deps } from '../../deps.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { withReader } from '../../db/repos/transaction.js';
import { AppError } from '../../errors.js';
import { enforceabilityOf, type EnforceabilityReport } from './enforceability.js';

export type EnforceabilityReportDeps = Pick<Deps, 'db' | 'repos' | 'volc' | 'clock' | 'log'>;

/** A report with nothing in it: no Ark endpoint or key in the projects and no account-wide policy. */
function empty(r: EnforceabilityReport): boolean {
  return (
    r.accountWidePolicies.length === 0 &&
    r.policiesError === null &&
    r.projects.every(
      (p) =>
        p.error === null &&
        p.customEndpoints.length === 0 &&
        p.presetEndpoints.length === 0 &&
        p.allResourceKeys.length === 0 &&
        p.keysOfUnknownPermission.length === 0,
    )
  );
}

/**
 * What AirGate can and cannot stop for one sub-account, over its monitored projects (read-only calls to
 * Volcengine), for the sub-account card and the disable card. Null when there is nothing to say: no
 * monitored project, no Ark in them and no account-wide policy, or the account's Volcengine credential
 * cannot be had (the cards that show it are read-only: they come without the report rather than fail).
 */
export async function enforceabilityReport(
  deps: EnforceabilityReportDeps,
  sub: Pick<SubAccountDto, 'id' | 'accountId' | 'userName' | 'status'>,
): Promise<EnforceabilityReport | null> {
  if (sub.status === 'missing') return null;
  const monitored = await withReader(deps.db, async (m) =>
    (await deps.repos.projects.listBySubAccount(m, sub.id))
      .filter((p) => p.monitored)
      .map((p) => p.projectName),
  );
  if (monitored.length === 0) return null;
  let report: EnforceabilityReport;
  try {
    const client = await deps.volc(sub.accountId);
    report = await enforceabilityOf(client, sub.userName, monitored, deps.clock.now());
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    deps.log.info({ code: err.code, subAccountId: sub.id }, 'enforceability report unavailable');
    return null;
  }
  return empty(report) ? null : report;
}
