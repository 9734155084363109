import type { Deps } from '../../deps.js';
import { ConflictError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { readCloudAccess, setApiKeyStatus, setKeyStatus, setLoginAllowed } from './cloudAccess.js';
import { followUser } from './followUser.js';
import { loadPresentSubAccount, lockPresentSubAccount } from './loadSubAccount.js';
import { quotaOf } from '../quota/getQuota.js';

export type EnableSubAccountInput = {
  actor: Actor;
  subAccountId: string;
  requestId?: string;
  /**
   * Enable even though the sub-account has used its whole quota (the next check disables it again).
   * Without it a person is refused with `enable_over_quota` and asked first; the watch (system) never is.
   */
  force?: boolean;
};

export type EnableSubAccountResult = {
  subAccount: SubAccountDto;
  /** Recorded keys switched back on by this call. */
  keysRestored: string[];
  /** Recorded keys already active again (switched on by hand, or by an earlier unfinished enable). */
  keysAlreadyActive: string[];
  /** Recorded keys deleted meanwhile: they stay deleted. */
  keysGone: string[];
  /** The same for IAM API keys. */
  apiKeysRestored: string[];
  apiKeysGone: string[];
  loginRestored: boolean;
  /** It was active already with nothing recorded as turned off. */
  alreadyActive: boolean;
};

/**
 * Restores exactly what AirGate recorded turning off — those access keys and IAM API keys and the
 * console login, on the user found by its Volcengine id (followUser) — and
 * nothing else: a key that was inactive before the disable, or was deleted meanwhile, stays so (E3).
 * Intent first ('enabling'), then the calls from a fresh read of the cloud state, then one transaction
 * confirms 'active', clears the record and writes the audit entry; a retry converges.
 */
export async function enableSubAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: EnableSubAccountInput,
): Promise<EnableSubAccountResult> {
  const start = await loadPresentSubAccount(deps, input.subAccountId);
  if (input.actor.kind !== 'system' && input.force !== true) await refuseOverQuota(deps, start);
  const idle = {
    keysRestored: [],
    keysAlreadyActive: [],
    keysGone: [],
    apiKeysRestored: [],
    apiKeysGone: [],
    loginRestored: false,
    alreadyActive: true,
  };
  const nothingRecorded = (s: SubAccountDto) =>
    s.status === 'active' && !s.disabledKeys?.length && !s.disabledApiKeys?.length && !s.loginDisabled;
  if (nothingRecorded(start)) return { subAccount: start, ...idle };

  const intent = await inTransaction(deps.db, async (tx) => {
    const cur = await lockPresentSubAccount(deps, tx, start.id);
    if (nothingRecorded(cur)) return null;
    await deps.repos.subAccounts.update(tx, cur.id, { status: 'enabling' }, deps.clock.now());
    return cur;
  });
  if (!intent) return { subAccount: start, ...idle };

  const client = await deps.volc(intent.accountId);
  const userName = await followUser(deps, client, intent, input);
  const access = await readCloudAccess(client, userName);
  // Restoring from an unread list could skip keys for good: fail and let the retry read it again.
  if (access.apiKeysError !== null && intent.disabledApiKeys?.length) throw access.apiKeysError;
  const keysRestored: string[] = [];
  const keysAlreadyActive: string[] = [];
  const keysGone: string[] = [];
  for (const id of intent.disabledKeys ?? []) {
    const key = access.keys.find((k) => k.AccessKeyId === id);
    if (!key) keysGone.push(id);
    else if (key.Status === 'active') keysAlreadyActive.push(id);
    else if (await setKeyStatus(client, userName, id, 'active')) keysRestored.push(id);
    else keysGone.push(id);
  }
  const apiKeysRestored: string[] = [];
  const apiKeysGone: string[] = [];
  for (const id of intent.disabledApiKeys ?? []) {
    const key = access.apiKeys.find((k) => k.Id === id);
    if (!key) apiKeysGone.push(id);
    else if (key.Status === 'active') continue;
    else if (await setApiKeyStatus(client, userName, id, 'active')) apiKeysRestored.push(id);
    else apiKeysGone.push(id);
  }
  const api = { apiKeysRestored, apiKeysGone };
  let loginRestored = false;
  if (intent.loginDisabled && access.login && !access.login.LoginAllowed) {
    loginRestored = await setLoginAllowed(client, userName, true);
  }

  return inTransaction(deps.db, async (tx) => {
    const cur = await lockPresentSubAccount(deps, tx, start.id);
    // Another enable of the same record finished first: the same keys are back, nothing left to record.
    if (cur.status === 'active')
      return {
        subAccount: cur,
        keysRestored,
        keysAlreadyActive,
        keysGone,
        ...api,
        loginRestored,
        alreadyActive: false,
      };
    if (cur.status !== 'enabling') {
      throw new ConflictError({ reason: 'sub_account_changed_enable', params: { name: cur.userName } });
    }
    const now = deps.clock.now();
    const patch = {
      status: 'active' as const,
      disabledKeys: null,
      disabledApiKeys: null,
      loginDisabled: false,
      disabledReason: null,
      disabledAt: null,
      reenableRequestedAt: null,
    };
    await deps.repos.subAccounts.update(tx, cur.id, patch, now);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'subaccount.enable',
      target: { type: 'sub_account', id: cur.id },
      before: {
        status: intent.status,
        disabledReason: intent.disabledReason,
        disabledKeys: intent.disabledKeys,
        disabledApiKeys: intent.disabledApiKeys,
        loginDisabled: intent.loginDisabled,
      },
      after: { status: 'active', keysRestored, keysAlreadyActive, keysGone, ...api, loginRestored },
      requestId: input.requestId,
    });
    const subAccount = { ...cur, ...patch, version: cur.version + 1, updatedAt: now };
    return {
      subAccount,
      keysRestored,
      keysAlreadyActive,
      keysGone,
      ...api,
      loginRestored,
      alreadyActive: false,
    };
  });
}

/**
 * A person enabling a sub-account that has used its whole quota would see it disabled again at the next
 * check: they are told so (with the percent) and must confirm (`force`) or allocate quota first.
 */
async function refuseOverQuota(deps: Pick<Deps, 'db' | 'repos'>, sub: SubAccountDto): Promise<void> {
  if (sub.status === 'active' && !sub.disabledKeys?.length && !sub.loginDisabled) return;
  const { quota } = await quotaOf(deps, sub);
  if (!quota.exhausted) return;
  throw new ConflictError({
    reason: 'enable_over_quota',
    params: { name: sub.userName, percent: quota.percent.isFinite() ? quota.percent.toFixed(1) : '∞' },
  });
}
