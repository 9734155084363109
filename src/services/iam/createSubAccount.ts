import type { Deps } from '../../deps.js';
import {
  AppError,
  ConflictError,
  UpstreamError,
  codeOf,
  type ErrorCode,
  type Reasoned,
} from '../../errors.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { isUniqueViolation } from '../../db/repos/errors.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { registerSecret } from '../../log/redact.js';
import type { Actor } from '../../policies/actor.js';
import { createAccessKey, listAccessKeys } from '../../volc/actions/accessKeys.js';
import { createUser, type VolcUser } from '../../volc/actions/users.js';
import type { VolcClient } from '../../volc/client.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertOpenId } from '../members/validation.js';
import { addProject, type AddProjectResult } from '../projects/addProject.js';
import { projectTakenError } from '../projects/projectTaken.js';
import { getProject } from '../../volc/actions/projects.js';
import {
  discardAccessKey,
  leftoverKeyIds,
  retireAccessKey,
  type KeyDiscardOutcome,
} from './discardAccessKey.js';
import { assertDisplayName, assertProjectName, assertUserName } from './validation.js';
import { explainVolc, explained } from './volcErrors.js';

export type CreateSubAccountInput = {
  actor: Actor;
  accountId: string;
  userName: string;
  displayName?: string;
  /** The team lead's Feishu open_id. */
  ownerOpenId?: string | null;
  /** A first project to add (default policies attached in its scope). */
  project?: string;
  requestId?: string;
};

export type CreateSubAccountResult = {
  subAccount: SubAccountDto;
  accessKeyId: string;
  /** Returned this once: never stored, never logged, never shown again. */
  secretAccessKey: string;
  /** true when the user existed from an earlier attempt whose key creation failed: only the key was made. */
  resumed: boolean;
  project: AddProjectResult | null;
  /** The first project could not be added (error code and reason); the sub-account and its key exist all the same. */
  /** Why adding the project failed; `refusal` carries the reason for the edges to put into words. */
  projectError: {
    code: ErrorCode;
    message: string;
    refusal: Reasoned | undefined;
    /** The error itself, for an edge that shows it as it shows any other. */
    error: unknown;
  } | null;
  /** Keys left over by an earlier discard (an undelivered secret), retried now, and where they ended up. */
  leftovers: Array<{ accessKeyId: string; outcome: KeyDiscardOutcome }>;
};

/**
 * Creates an IAM user on Volcengine, records it, and creates its access key (user first, then key). If
 * the key creation fails, the user stays recorded and the error says so; creating it again then makes
 * only the key. A key whose recording fails is deleted at once: a secret nobody holds must not live on.
 * Keys AirGate discarded earlier but could not delete (see discardAccessKey) do not block a new attempt:
 * they are retired again, and only a key AirGate did not discard means the sub-account exists already.
 */
export async function createSubAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: CreateSubAccountInput,
): Promise<CreateSubAccountResult> {
  const userName = assertUserName(input.userName);
  const displayName = assertDisplayName(input.displayName);
  if (input.project !== undefined) assertProjectName(input.project);
  const ownerOpenId = input.ownerOpenId ? assertOpenId(input.ownerOpenId) : null;
  const client = await deps.volc(input.accountId);
  const existing = await withReader(deps.db, (m) =>
    deps.repos.subAccounts.findByAccountAndName(m, input.accountId, userName),
  );
  // A first project that cannot be added is refused before anything is created: Volcengine does not know
  // it, or it already counts for another sub-account (nothing made, the conflict named).
  if (input.project !== undefined) {
    const projectName = input.project;
    await explainVolc(() => getProject(client, { ProjectName: projectName }));
    await withReader(deps.db, async (m) => {
      const taken = await deps.repos.projects.findByAccountProject(m, input.accountId, projectName);
      if (taken && taken.subAccountId !== existing?.id)
        throw await projectTakenError(deps.repos, m, taken, { id: existing?.id ?? '', userName });
    });
  }

  let sub: SubAccountDto;
  let key: { AccessKeyId: string; SecretAccessKey: string };
  const leftovers: CreateSubAccountResult['leftovers'] = [];
  if (existing) {
    const exists = new ConflictError({ reason: 'sub_account_exists', params: { name: userName } });
    if (existing.status === 'missing') throw exists;
    const keys = await explainVolc(() => listAccessKeys(client, { UserName: existing.userName }));
    const discarded = await leftoverKeyIds(deps, existing.id);
    if (keys.some((k) => !discarded.has(k.AccessKeyId))) throw exists;
    for (const k of keys) {
      const r = await discardAccessKey(deps, {
        actor: input.actor,
        subAccountId: existing.id,
        accessKeyId: k.AccessKeyId,
        reason: 'leftover',
        requestId: input.requestId,
      });
      leftovers.push({ accessKeyId: k.AccessKeyId, outcome: r.outcome });
    }
    try {
      key = await newKey(client, existing.userName);
    } catch (err) {
      const stuck = leftovers.filter((l) => l.outcome !== 'deleted').map((l) => l.accessKeyId);
      if (stuck.length === 0) throw err;
      throw new ConflictError(
        { reason: 'stuck_keys', params: { name: userName, keys: stuck.join(', ') } },
        { cause: err },
      );
    }
    sub = existing;
    await recordOrDelete(client, userName, key.AccessKeyId, () =>
      inTransaction(deps.db, (tx) =>
        writeAudit(deps, tx, {
          actor: input.actor,
          action: 'subaccount.create_key',
          target: { type: 'sub_account', id: existing.id },
          after: { userName, accessKeyId: key.AccessKeyId },
          requestId: input.requestId,
        }),
      ),
    );
  } else {
    const user = await explainVolc(() =>
      createUser(client, { UserName: userName, ...(displayName ? { DisplayName: displayName } : {}) }),
    );
    let keyError: unknown = null;
    const made = await newKey(client, userName).catch((err: unknown) => void (keyError = err));
    sub = await recordOrDelete(client, userName, made?.AccessKeyId, () =>
      record(deps, input, user, { displayName, ownerOpenId, accessKeyId: made?.AccessKeyId ?? null }),
    );
    if (!made) {
      const why = keyError instanceof Error ? keyError.message : String(keyError);
      throw new UpstreamError({ reason: 'access_key_failed', params: { name: userName, why } }, false, {
        cause: keyError,
      });
    }
    key = made;
  }

  let project: AddProjectResult | null = null;
  let projectError: CreateSubAccountResult['projectError'] = null;
  if (input.project !== undefined) {
    try {
      project = await addProject(deps, {
        actor: input.actor,
        subAccountId: sub.id,
        projectName: input.project,
        requestId: input.requestId,
      });
    } catch (err) {
      // Whatever went wrong, the secret must still reach the caller: report, never throw, from here.
      const e = explained(err);
      projectError = {
        code: codeOf(e),
        message: e instanceof Error ? e.message : String(e),
        refusal: e instanceof AppError ? e.refusal : undefined,
        error: e,
      };
    }
  }
  return {
    subAccount: sub,
    accessKeyId: key.AccessKeyId,
    secretAccessKey: key.SecretAccessKey,
    resumed: existing !== null,
    project,
    projectError,
    leftovers,
  };
}

async function newKey(client: VolcClient, userName: string) {
  const key = await createAccessKey(client, { UserName: userName });
  registerSecret(key.SecretAccessKey);
  return key;
}

/**
 * Runs the recording; if it fails, the new key (whose secret would be lost) is deactivated and deleted
 * before rethrowing, and a key that could not be deleted is named in the error (nothing records it).
 */
async function recordOrDelete<T>(
  client: VolcClient,
  userName: string,
  accessKeyId: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const retired = accessKeyId ? await retireAccessKey(client, userName, accessKeyId) : null;
    if (retired && retired.outcome !== 'deleted') {
      throw new UpstreamError(
        {
          reason: 'orphan_key',
          params: { name: userName, key: accessKeyId ?? '', outcome: retired.outcome },
        },
        false,
        { cause: err },
      );
    }
    if (isUniqueViolation(err))
      throw new ConflictError({ reason: 'sub_account_just_created', params: { name: userName } });
    throw err;
  }
}

async function record(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: CreateSubAccountInput,
  user: VolcUser,
  extra: { displayName: string | undefined; ownerOpenId: string | null; accessKeyId: string | null },
): Promise<SubAccountDto> {
  return inTransaction(deps.db, async (tx) => {
    const sub = await deps.repos.subAccounts.insert(
      tx,
      {
        accountId: input.accountId,
        userName: user.UserName,
        displayName: user.DisplayName ?? extra.displayName ?? null,
        volcUserId: user.Id === undefined ? null : String(user.Id),
        volcTrn: user.Trn ?? null,
        ownerOpenId: extra.ownerOpenId,
      },
      deps.clock.now(),
    );
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'subaccount.create',
      target: { type: 'sub_account', id: sub.id },
      after: {
        userName: sub.userName,
        displayName: sub.displayName,
        ownerOpenId: sub.ownerOpenId,
        volcUserId: sub.volcUserId,
        accessKeyId: extra.accessKeyId,
      },
      requestId: input.requestId,
    });
    return sub;
  });
}
