import type { Deps } from '../../deps.js';
import { ConflictError, UpstreamError } from '../../errors.js';
import { inTransaction, type Tx } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertText } from '../quota/amounts.js';
import {
  readCloudAccess,
  setApiKeyStatus,
  setKeyStatus,
  setLoginAllowed,
  type CloudAccess,
} from './cloudAccess.js';
import { followUser } from './followUser.js';
import { loadPresentSubAccount, lockPresentSubAccount } from './loadSubAccount.js';

export type DisableSubAccountInput = {
  actor: Actor;
  subAccountId: string;
  /** Why (kept with the sub-account): 'quota_exhausted' from the spending watch, free text by hand. */
  reason?: string;
  requestId?: string;
};

export type DisableSubAccountResult = {
  subAccount: SubAccountDto;
  /** Turned off by this call. */
  keysTurnedOff: string[];
  apiKeysTurnedOff: string[];
  loginTurnedOff: boolean;
  /** Everything AirGate has recorded turning off: exactly what an enable restores. */
  disabledKeys: string[];
  disabledApiKeys: string[];
  loginDisabled: boolean;
  /** It was disabled already and nothing had come back on. */
  alreadyDisabled: boolean;
};

/** Keys switched back on while we switch them off (by hand, say) get this many rounds. */
const MAX_ROUNDS = 3;

/**
 * Turns every active access key and IAM API key of a sub-account inactive and disallows console login,
 * recording exactly what it turned off. The user is found by its Volcengine id, so a rename on Volcengine
 * does not escape it (followUser). If the API keys could not be read, everything else is still turned
 * off and recorded, then the call fails so the gap is reported and retried. Intent before action: each round reads the cloud state, records the keys
 * and login about to be turned off (status 'disabling'), makes the calls, then reads again; the last
 * transaction confirms 'disabled' and writes the audit entry. A retry after a failure or crash starts
 * from the cloud state again and converges; so does a disable of a sub-account already disabled whose
 * keys were switched back on by hand. A key that was inactive before is never recorded.
 */
export async function disableSubAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: DisableSubAccountInput,
): Promise<DisableSubAccountResult> {
  const reason = assertText(input.reason ?? 'manual', 'reason', 255) || 'manual';
  const start = await loadPresentSubAccount(deps, input.subAccountId);
  const client = await deps.volc(start.accountId);
  const userName = await followUser(deps, client, start, input);
  const keysTurnedOff: string[] = [];
  const apiKeysTurnedOff: string[] = [];
  let loginTurnedOff = false;
  let intentWritten = false;
  let access: CloudAccess;
  for (let round = 1; ; round++) {
    access = await readCloudAccess(client, userName);
    const active = access.keys.filter((k) => k.Status === 'active').map((k) => k.AccessKeyId);
    const activeApi = access.apiKeys.filter((k) => k.Status === 'active').map((k) => k.Id);
    const loginOn = access.login?.LoginAllowed === true;
    if (active.length === 0 && activeApi.length === 0 && !loginOn) break;
    if (round > MAX_ROUNDS) {
      throw new UpstreamError({ reason: 'keys_keep_reenabled', params: { name: userName } }, true);
    }
    await inTransaction(deps.db, (tx) =>
      recordIntent(deps, tx, start.id, { keys: active, apiKeys: activeApi, loginOn, reason }),
    );
    intentWritten = true;
    for (const id of active) if (await setKeyStatus(client, userName, id, 'inactive')) keysTurnedOff.push(id);
    for (const id of activeApi)
      if (await setApiKeyStatus(client, userName, id, 'inactive')) apiKeysTurnedOff.push(id);
    if (loginOn && (await setLoginAllowed(client, userName, false))) loginTurnedOff = true;
  }

  const result = await inTransaction(deps.db, async (tx) => {
    const cur = await lockPresentSubAccount(deps, tx, start.id);
    // Another disable finishing first is fine (its record includes ours); an enable meanwhile is not.
    if (intentWritten && cur.status !== 'disabling' && cur.status !== 'disabled') {
      throw new ConflictError({ reason: 'sub_account_changed_disable', params: { name: cur.userName } });
    }
    const was = cur.status === 'active' ? null : cur;
    const present = new Set(access.keys.map((k) => k.AccessKeyId));
    const disabledKeys = (was?.disabledKeys ?? []).filter((id) => present.has(id));
    // API keys unread this time: keep the record as it is (nothing can be known to be gone).
    const presentApi = new Set(access.apiKeys.map((k) => k.Id));
    const disabledApiKeys = (was?.disabledApiKeys ?? []).filter(
      (id) => access.apiKeysError !== null || presentApi.has(id),
    );
    const loginDisabled = (was?.loginDisabled ?? false) && access.login !== null;
    const now = deps.clock.now();
    const patch = {
      status: 'disabled' as const,
      disabledKeys,
      disabledApiKeys,
      loginDisabled,
      disabledReason: was?.disabledReason ?? reason,
      disabledAt: was?.disabledAt ?? now,
    };
    const alreadyDisabled =
      start.status === 'disabled' &&
      keysTurnedOff.length === 0 &&
      apiKeysTurnedOff.length === 0 &&
      !loginTurnedOff;
    const turned = { keysTurnedOff, apiKeysTurnedOff, loginTurnedOff };
    const unchanged =
      cur.status === 'disabled' &&
      alreadyDisabled &&
      disabledKeys.length === (cur.disabledKeys ?? []).length &&
      disabledApiKeys.length === (cur.disabledApiKeys ?? []).length &&
      loginDisabled === cur.loginDisabled;
    if (unchanged)
      return { subAccount: cur, ...turned, disabledKeys, disabledApiKeys, loginDisabled, alreadyDisabled };
    await deps.repos.subAccounts.update(tx, cur.id, patch, now);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'subaccount.disable',
      target: { type: 'sub_account', id: cur.id },
      before: {
        status: start.status,
        disabledKeys: start.disabledKeys,
        disabledApiKeys: start.disabledApiKeys,
        loginDisabled: start.loginDisabled,
      },
      after: { ...patch, ...turned },
      requestId: input.requestId,
    });
    const subAccount = { ...cur, ...patch, version: cur.version + 1, updatedAt: now };
    return { subAccount, ...turned, disabledKeys, disabledApiKeys, loginDisabled, alreadyDisabled };
  });
  if (access.apiKeysError !== null) {
    throw new UpstreamError({ reason: 'api_keys_unreadable', params: { name: userName } }, true, {
      cause: access.apiKeysError,
    });
  }
  return result;
}

/** Adds the keys and login about to be turned off to what is recorded (an unfinished run's record is kept). */
async function recordIntent(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  id: string,
  what: { keys: string[]; apiKeys: string[]; loginOn: boolean; reason: string },
): Promise<void> {
  const { keys: active, apiKeys, loginOn, reason } = what;
  const cur = await lockPresentSubAccount(deps, tx, id);
  const was = cur.status === 'active' ? null : cur;
  const now = deps.clock.now();
  await deps.repos.subAccounts.update(
    tx,
    id,
    {
      status: 'disabling',
      disabledKeys: [...new Set([...(was?.disabledKeys ?? []), ...active])],
      disabledApiKeys: [...new Set([...(was?.disabledApiKeys ?? []), ...apiKeys])],
      loginDisabled: (was?.loginDisabled ?? false) || loginOn,
      disabledReason: was?.disabledReason ?? reason,
      disabledAt: was?.disabledAt ?? now,
    },
    now,
  );
}
