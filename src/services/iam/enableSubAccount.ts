import type { Deps } from '../../deps.js';
import { ConflictError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { readCloudAccess, setKeyStatus, setLoginAllowed } from './cloudAccess.js';
import { loadPresentSubAccount, lockPresentSubAccount } from './loadSubAccount.js';

export type EnableSubAccountInput = { actor: Actor; subAccountId: string; requestId?: string };

export type EnableSubAccountResult = {
  subAccount: SubAccountDto;
  /** Recorded keys switched back on by this call. */
  keysRestored: string[];
  /** Recorded keys already active again (switched on by hand, or by an earlier unfinished enable). */
  keysAlreadyActive: string[];
  /** Recorded keys deleted meanwhile: they stay deleted. */
  keysGone: string[];
  loginRestored: boolean;
  /** It was active already with nothing recorded as turned off. */
  alreadyActive: boolean;
};

/**
 * Restores exactly what AirGate recorded turning off — those access keys and the console login — and
 * nothing else: a key that was inactive before the disable, or was deleted meanwhile, stays so (E3).
 * Intent first ('enabling'), then the calls from a fresh read of the cloud state, then one transaction
 * confirms 'active', clears the record and writes the audit entry; a retry converges.
 */
export async function enableSubAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: EnableSubAccountInput,
): Promise<EnableSubAccountResult> {
  const start = await loadPresentSubAccount(deps, input.subAccountId);
  const idle = {
    keysRestored: [],
    keysAlreadyActive: [],
    keysGone: [],
    loginRestored: false,
    alreadyActive: true,
  };
  const nothingRecorded = (s: SubAccountDto) =>
    s.status === 'active' && !s.disabledKeys?.length && !s.loginDisabled;
  if (nothingRecorded(start)) return { subAccount: start, ...idle };

  const intent = await inTransaction(deps.db, async (tx) => {
    const cur = await lockPresentSubAccount(deps, tx, start.id);
    if (nothingRecorded(cur)) return null;
    await deps.repos.subAccounts.update(tx, cur.id, { status: 'enabling' }, deps.clock.now());
    return cur;
  });
  if (!intent) return { subAccount: start, ...idle };

  const client = await deps.volc(intent.accountId);
  const access = await readCloudAccess(client, intent.userName);
  const keysRestored: string[] = [];
  const keysAlreadyActive: string[] = [];
  const keysGone: string[] = [];
  for (const id of intent.disabledKeys ?? []) {
    const key = access.keys.find((k) => k.AccessKeyId === id);
    if (!key) keysGone.push(id);
    else if (key.Status === 'active') keysAlreadyActive.push(id);
    else if (await setKeyStatus(client, intent.userName, id, 'active')) keysRestored.push(id);
    else keysGone.push(id);
  }
  let loginRestored = false;
  if (intent.loginDisabled && access.login && !access.login.LoginAllowed) {
    loginRestored = await setLoginAllowed(client, intent.userName, true);
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
        loginRestored,
        alreadyActive: false,
      };
    if (cur.status !== 'enabling') {
      throw new ConflictError(
        `子账号 ${cur.userName} 在启用期间被修改，请重试 / ${cur.userName} changed during the enable; try again`,
      );
    }
    const now = deps.clock.now();
    const patch = {
      status: 'active' as const,
      disabledKeys: null,
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
        loginDisabled: intent.loginDisabled,
      },
      after: { status: 'active', keysRestored, keysAlreadyActive, keysGone, loginRestored },
      requestId: input.requestId,
    });
    const subAccount = { ...cur, ...patch, version: cur.version + 1, updatedAt: now };
    return { subAccount, keysRestored, keysAlreadyActive, keysGone, loginRestored, alreadyActive: false };
  });
}
