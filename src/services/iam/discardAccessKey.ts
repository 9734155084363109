import type { Deps } from '../../deps.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { Actor } from '../../policies/actor.js';
import { deleteAccessKey, listAccessKeys } from '../../volc/actions/accessKeys.js';
import type { VolcClient } from '../../volc/client.js';
import { writeAudit } from '../audit/writeAudit.js';
import { setKeyStatus } from './cloudAccess.js';
import { volcCode } from './volcErrors.js';

/**
 * Where a discarded key ended up, read back from Volcengine: 'deleted' (gone), 'inactive' (turned off,
 * unusable, but still there and counting towards the user's key quota), 'active' (still usable), or
 * 'unknown' (not even the read-back answered).
 */
export type KeyDiscardOutcome = 'deleted' | 'inactive' | 'active' | 'unknown';
export type KeyDiscardResult = {
  outcome: KeyDiscardOutcome;
  /** Volcengine codes met on the way */ codes: string[];
};

/**
 * Deactivates, then deletes one access key: Volcengine refuses to delete an active key (the official
 * Terraform provider always sets it inactive first, "删除前需要将ak禁用"). Each step is tried whatever the
 * previous one answered, and the outcome is what a fresh listing shows, never assumed.
 */
export async function retireAccessKey(
  client: VolcClient,
  userName: string,
  accessKeyId: string,
): Promise<KeyDiscardResult> {
  const codes: string[] = [];
  const note = (err: unknown) => codes.push(volcCode(err) ?? (err instanceof Error ? err.name : 'error'));
  try {
    await setKeyStatus(client, userName, accessKeyId, 'inactive');
  } catch (err) {
    note(err);
  }
  try {
    await deleteAccessKey(client, { UserName: userName, AccessKeyId: accessKeyId });
  } catch (err) {
    note(err);
  }
  try {
    const key = (await listAccessKeys(client, { UserName: userName })).find(
      (k) => k.AccessKeyId === accessKeyId,
    );
    return { outcome: key ? key.Status : 'deleted', codes };
  } catch (err) {
    note(err);
    return { outcome: 'unknown', codes };
  }
}

export type DiscardAccessKeyInput = {
  actor: Actor;
  subAccountId: string;
  accessKeyId: string;
  /** Why, kept in the audit entry: 'undelivered' when its secret could not be handed over. */
  reason: string;
  requestId?: string;
};

/** The audit action of a discarded key: "create" again finds the ones left over by it. */
export const KEY_DISCARDED = 'subaccount.key_discarded';

/**
 * Retires one key of a recorded sub-account (deactivate, delete, read back) and audits the outcome, so
 * that a key left behind (inactive or, worse, active) is known: creating the sub-account again retries
 * it instead of refusing.
 */
export async function discardAccessKey(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: DiscardAccessKeyInput,
): Promise<KeyDiscardResult> {
  const sub = await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, input.subAccountId));
  if (!sub) return { outcome: 'unknown', codes: [] };
  const client = await deps.volc(sub.accountId);
  const result = await retireAccessKey(client, sub.userName, input.accessKeyId);
  await inTransaction(deps.db, (tx) =>
    writeAudit(deps, tx, {
      actor: input.actor,
      action: KEY_DISCARDED,
      target: { type: 'sub_account', id: sub.id },
      after: { userName: sub.userName, accessKeyId: input.accessKeyId, reason: input.reason, ...result },
      requestId: input.requestId,
    }),
  );
  return result;
}

/** Keys of a sub-account that AirGate discarded but that were still there at the last look. */
export async function leftoverKeyIds(
  deps: Pick<Deps, 'db' | 'repos'>,
  subAccountId: string,
): Promise<Set<string>> {
  const entries = await withReader(deps.db, (m) =>
    deps.repos.audit.list(m, { targetType: 'sub_account', targetId: subAccountId, action: KEY_DISCARDED }),
  );
  const ids = new Set<string>();
  for (const e of entries) {
    const after = e.after as { accessKeyId?: unknown } | null;
    if (typeof after?.accessKeyId === 'string') ids.add(after.accessKeyId);
  }
  return ids;
}
