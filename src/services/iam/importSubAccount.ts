import type { Deps } from '../../deps.js';
import { ConflictError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { isUniqueViolation } from '../../db/repos/errors.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { getUser } from '../../volc/actions/users.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertOpenId } from '../members/validation.js';
import { assertUserName } from './validation.js';
import { explainVolc } from './volcErrors.js';

export type ImportSubAccountInput = {
  actor: Actor;
  accountId: string;
  userName: string;
  ownerOpenId?: string | null;
  requestId?: string;
};
export type ImportSubAccountResult = { subAccount: SubAccountDto; restored: boolean };

/**
 * Starts managing an existing IAM user. A sub-account marked missing by a sync comes back as it was;
 * one already managed is a ConflictError. Nothing is changed on Volcengine.
 */
export async function importSubAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: ImportSubAccountInput,
): Promise<ImportSubAccountResult> {
  const userName = assertUserName(input.userName);
  const ownerOpenId = input.ownerOpenId ? assertOpenId(input.ownerOpenId) : undefined;
  const client = await deps.volc(input.accountId);
  const user = await explainVolc(() => getUser(client, { UserName: userName }));
  const fields = {
    displayName: user.DisplayName ?? null,
    volcUserId: user.Id === undefined ? null : String(user.Id),
    volcTrn: user.Trn ?? null,
  };
  try {
    return await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const existing = await deps.repos.subAccounts.findByAccountAndName(tx, input.accountId, user.UserName);
      if (existing && existing.status !== 'missing') {
        throw new ConflictError({
          reason: 'sub_account_already_managed',
          params: { name: user.UserName },
        });
      }
      if (existing) {
        const patch = {
          ...fields,
          status:
            existing.disabledKeys?.length || existing.loginDisabled
              ? ('disabled' as const)
              : ('active' as const),
          ...(ownerOpenId ? { ownerOpenId } : {}),
        };
        await deps.repos.subAccounts.update(tx, existing.id, patch, now);
        await audit(
          deps,
          tx,
          input,
          existing.id,
          { status: existing.status },
          { userName: user.UserName, ...patch, restored: true },
        );
        return {
          subAccount: { ...existing, ...patch, version: existing.version + 1, updatedAt: now },
          restored: true,
        };
      }
      const sub = await deps.repos.subAccounts.insert(
        tx,
        { accountId: input.accountId, userName: user.UserName, ...fields, ownerOpenId: ownerOpenId ?? null },
        now,
      );
      await audit(deps, tx, input, sub.id, null, {
        userName: sub.userName,
        ...fields,
        ownerOpenId: sub.ownerOpenId,
      });
      return { subAccount: sub, restored: false };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError({ reason: 'sub_account_just_imported', params: { name: userName } });
    throw err;
  }
}

function audit(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Parameters<typeof writeAudit>[1],
  input: ImportSubAccountInput,
  id: string,
  before: unknown,
  after: unknown,
) {
  return writeAudit(deps, tx, {
    actor: input.actor,
    action: 'subaccount.import',
    target: { type: 'sub_account', id },
    before,
    after,
    requestId: input.requestId,
  });
}
