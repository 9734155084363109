import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { iamSubAccountsRepo } from '../../db/repos/iamSubAccounts.js';
import { isUniqueViolation } from '../../db/repos/errors.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { getUser, listAllUsers, type VolcUser } from '../../volc/actions/users.js';
import type { VolcClient } from '../../volc/client.js';
import { writeAudit } from '../audit/writeAudit.js';
import { isVolcCode } from './volcErrors.js';

/**
 * The current Volcengine user name of a sub-account, found by its user id: a user renamed on Volcengine
 * (UpdateUser NewUserName) is followed, the record takes the new name and the rename is audited. A user
 * now answering to the recorded name but with another id is someone else (the name was reused) and is
 * never acted on. NotFoundError when no user has the id any more (or, for a record without an id, the name).
 */
export async function followUser(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  client: VolcClient,
  sub: SubAccountDto,
  ctx: { actor: Actor; requestId?: string | undefined },
): Promise<string> {
  let byName: VolcUser | null = null;
  try {
    byName = await getUser(client, { UserName: sub.userName });
  } catch (err) {
    if (!isVolcCode(err, 'UserNotExist')) throw err;
  }
  const sameId = (u: VolcUser) => u.Id !== undefined && String(u.Id) === sub.volcUserId;
  if (byName && (sub.volcUserId === null || byName.Id === undefined || sameId(byName))) return sub.userName;
  if (sub.volcUserId === null) {
    throw new NotFoundError({ reason: 'volc_user_gone', params: { name: sub.userName } });
  }
  let found: VolcUser | undefined;
  for await (const u of listAllUsers(client)) {
    if (sameId(u)) {
      found = u;
      break;
    }
  }
  if (!found) {
    throw new NotFoundError({
      reason: 'volc_user_id_gone',
      params: { name: sub.userName, id: sub.volcUserId ?? '' },
    });
  }
  const to = found.UserName;
  try {
    await inTransaction(deps.db, async (tx) => {
      const cur = await deps.repos.subAccounts.lockById(tx, sub.id);
      if (!cur || cur.userName === to) return;
      const now = deps.clock.now();
      await iamSubAccountsRepo.rename(tx, sub.id, to, now);
      await writeAudit(deps, tx, {
        actor: ctx.actor,
        action: 'subaccount.rename',
        target: { type: 'sub_account', id: sub.id },
        before: { userName: cur.userName },
        after: { userName: to, volcUserId: sub.volcUserId, source: 'volcengine' },
        requestId: ctx.requestId,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError({ reason: 'volc_rename_clash', params: { name: sub.userName, to } });
    }
    throw err;
  }
  return to;
}
