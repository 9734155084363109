import type { Deps } from '../../deps.js';
import { ConflictError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { isUniqueViolation } from '../../db/repos/errors.js';
import type { SubAccountDto, SubAccountPatch } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { listAllUsers, type VolcUser } from '../../volc/actions/users.js';
import { iamSubAccountsRepo } from '../../db/repos/iamSubAccounts.js';
import { writeAudit } from '../audit/writeAudit.js';

export type SyncSubAccountsInput = { actor: Actor; accountId: string; requestId?: string };

export type SyncReport = {
  /** Users on Volcengine AirGate did not know: now recorded (active). */
  added: string[];
  /** Recorded sub-accounts whose user is gone from Volcengine: marked missing. */
  missing: string[];
  /** Marked missing before and back on Volcengine. */
  restored: string[];
  /** Renamed on Volcengine (matched by user id). */
  renamed: Array<{ from: string; to: string }>;
  /** Display name changed on Volcengine. */
  updated: Array<{ userName: string; from: string | null; to: string | null }>;
  unchanged: number;
  /** Users on Volcengine. */
  total: number;
};

/**
 * Brings the recorded sub-accounts of a main account in line with its IAM users: every user is read
 * (all pages; a missing page is an error, never "the end"), then one transaction applies the changes
 * and writes one audit entry with the report.
 */
export async function syncSubAccounts(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: SyncSubAccountsInput,
): Promise<SyncReport> {
  const client = await deps.volc(input.accountId);
  const users: VolcUser[] = [];
  for await (const u of listAllUsers(client)) users.push(u);

  try {
    return await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const report: SyncReport = {
        added: [],
        missing: [],
        restored: [],
        renamed: [],
        updated: [],
        unchanged: 0,
        total: users.length,
      };
      const known = await deps.repos.subAccounts.list(tx, { accountId: input.accountId });
      const byId = new Map(known.filter((s) => s.volcUserId).map((s) => [s.volcUserId!, s]));
      const byName = new Map(known.map((s) => [s.userName, s]));
      const seen = new Set<string>();

      for (const u of users) {
        const volcUserId = u.Id === undefined ? null : String(u.Id);
        const sub = (volcUserId && byId.get(volcUserId)) || byName.get(u.UserName);
        if (!sub || seen.has(sub.id)) {
          await deps.repos.subAccounts.insert(
            tx,
            {
              accountId: input.accountId,
              userName: u.UserName,
              displayName: u.DisplayName ?? null,
              volcUserId,
              volcTrn: u.Trn ?? null,
            },
            now,
          );
          report.added.push(u.UserName);
          continue;
        }
        seen.add(sub.id);
        const patch = changes(sub, u, volcUserId, report);
        const renamed = sub.userName !== u.UserName;
        if (Object.keys(patch).length > 0) await deps.repos.subAccounts.update(tx, sub.id, patch, now);
        if (renamed) await iamSubAccountsRepo.rename(tx, sub.id, u.UserName, now);
        if (!renamed && patch.status === undefined && patch.displayName === undefined) report.unchanged++;
      }
      for (const sub of known) {
        if (seen.has(sub.id) || sub.status === 'missing') continue;
        await deps.repos.subAccounts.update(tx, sub.id, { status: 'missing' }, now);
        report.missing.push(sub.userName);
      }

      const changed =
        report.added.length +
        report.missing.length +
        report.restored.length +
        report.renamed.length +
        report.updated.length;
      if (changed > 0) {
        await writeAudit(deps, tx, {
          actor: input.actor,
          action: 'subaccount.sync',
          target: { type: 'volc_account', id: input.accountId },
          after: report,
          requestId: input.requestId,
        });
      }
      return report;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError({ reason: 'sync_running' });
    throw err;
  }
}

function changes(
  sub: SubAccountDto,
  u: VolcUser,
  volcUserId: string | null,
  report: SyncReport,
): SubAccountPatch {
  const patch: SubAccountPatch = {};
  if (sub.status === 'missing') {
    // Back on Volcengine: as it was before it vanished (disabled if AirGate had turned something off).
    patch.status =
      sub.disabledKeys?.length || sub.disabledApiKeys?.length || sub.loginDisabled ? 'disabled' : 'active';
    report.restored.push(u.UserName);
  }
  if (sub.userName !== u.UserName) report.renamed.push({ from: sub.userName, to: u.UserName });
  const displayName = u.DisplayName ?? null;
  if (displayName !== null && displayName !== sub.displayName) {
    patch.displayName = displayName;
    report.updated.push({ userName: u.UserName, from: sub.displayName, to: displayName });
  }
  if (volcUserId && sub.volcUserId !== volcUserId) patch.volcUserId = volcUserId;
  if (u.Trn && sub.volcTrn !== u.Trn) patch.volcTrn = u.Trn;
  return patch;
}
