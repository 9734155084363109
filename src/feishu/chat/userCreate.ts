import { userCreatedCard } from '../../../cards/userCreated.js';
import type { Deps } from '../../deps.js';
import { AppError, ConflictError } from '../../errors.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import { createSubAccount } from '../../services/iam/createSubAccount.js';
import { explainVolc, isVolcCode } from '../../services/iam/volcErrors.js';
import { assertProjectName } from '../../services/iam/validation.js';
import { getProject } from '../../volc/actions/projects.js';
import { listVolcProjects } from '../../services/projects/listVolcProjects.js';
import { closest } from './suggest.js';
import { deleteAccessKey } from '../../volc/actions/accessKeys.js';
import { defineChatCommand, type ChatMeta } from './define.js';
import { errorCard } from './errorCards.js';
import { positional, word } from './parse.js';
import { withAccount } from './account.js';
import { mainAccount, NAME, PROJECT, policyOrProjectNotFound } from './userShared.js';
import type { FeishuActor } from '../../policies/index.js';
import type { CardJson } from '../../../cards/lib/types.js';

/** The key could not be handed over privately: it was deleted on Volcengine, never shown to anyone. */
export class SecretNotDeliveredError extends AppError {
  readonly code = 'conflict';
}

/**
 * `user create NAME [PROJECT]` (admin). The SecretAccessKey goes to the caller alone, at once and never
 * through the outbox (it must not be stored): an ephemeral card in a group, a direct message otherwise.
 * If that delivery fails the new key is deleted, not re-sent (RELIABILITY S4); creating the same name
 * again then makes only a fresh key. The command's own answer is that private card.
 */
export const userCreateCommand = defineChatCommand({
  key: 'userCreate',
  names: ['user create', '用户 创建', '用户 新建'],
  args: withAccount(positional({ name: word(NAME), project: word(PROJECT).optional() })),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const account = await mainAccount(deps, a.account);
    // A wrong project is refused before anything is created (the service would create the user first).
    if (a.project !== undefined) {
      const projectName = assertProjectName(a.project);
      const client = await deps.volc(account.id);
      await explainVolc(() => getProject(client, { ProjectName: projectName }));
    }
    const created = await createSubAccount(deps, {
      actor,
      accountId: account.id,
      userName: a.name,
      ownerOpenId: null,
      ...(a.project !== undefined ? { project: a.project } : {}),
      requestId: meta.requestId,
    });
    const card = userCreatedCard(
      {
        name: created.subAccount.userName,
        account: account.name,
        accessKeyId: created.accessKeyId,
        secretAccessKey: created.secretAccessKey,
        project: created.project
          ? { name: created.project.project.projectName, policies: created.project.attached.map(policyLabel) }
          : null,
      },
      meta.locale,
    );
    try {
      await deliverPrivately(deps, actor, meta, card);
    } catch (err) {
      const deleted = await deleteKey(deps, account.id, created.subAccount.userName, created.accessKeyId);
      deps.log.warn(
        {
          eventId: meta.eventId,
          userName: created.subAccount.userName,
          accessKeyId: created.accessKeyId,
          code: codeOf(err),
          deleted,
        },
        deleted
          ? 'the new access key could not be delivered privately; it was deleted'
          : 'the new access key could not be delivered privately, and deleting it failed: delete it on Volcengine',
      );
      const n = created.subAccount.userName;
      throw new SecretNotDeliveredError(
        `子账号 ${n} 已创建，但密钥无法私下发送给你，已删除该密钥（没有任何人见过它）；请确认能收到机器人私信后再次执行「用户 创建 ${n}」生成新密钥 / ` +
          `sub-account ${n} was created, but its key could not be sent to you privately, so the key was deleted (nobody saw it); ` +
          `make sure the bot can message you, then run "user create ${n}" again for a new key`,
      );
    }
    // The project could not be added: the sub-account and its key exist all the same; say why.
    if (created.projectError) {
      const err = created.projectError;
      const explain = await errorCard(err, {
        requestId: meta.requestId,
        locale: meta.locale,
        input: `project add ${created.subAccount.userName} ${a.project ?? ''}`.trim(),
        actor,
        command: 'projectAdd',
        suggestions: [],
        notFound: () =>
          policyOrProjectNotFound(deps, { name: created.subAccount.userName, project: a.project }),
      });
      await meta.reply({ card: explain });
    }
    return { userName: created.subAccount.userName };
  },
  // The answer is the private card sent above; nothing goes to the chat the command came from.
  render: () => null,
  notFound: async (deps, a) => {
    if (a.project === undefined) return undefined;
    const account = await mainAccount(deps, a.account);
    const names = (await listVolcProjects(deps, { accountId: account.id })).map((p) => p.projectName);
    return { kind: 'project', name: a.project, suggestions: closest(a.project, names, 5) };
  },
});

/** Straight to Feishu, bypassing the outbox: an ephemeral card in a group, else a direct message. */
async function deliverPrivately(
  deps: Deps,
  actor: FeishuActor,
  meta: ChatMeta,
  card: CardJson,
): Promise<void> {
  const sender = deps.feishu?.sender;
  if (!sender) throw new ConflictError('飞书未配置 / Feishu is not configured');
  if (meta.chatType !== 'p2p' && meta.chatId) await sender.sendEphemeral(meta.chatId, actor.openId, card);
  else await sender.sendToUser(actor.openId, { card });
}

/** Deletes the undelivered key (one retry); false when it is still there. */
async function deleteKey(
  deps: Deps,
  accountId: string,
  userName: string,
  accessKeyId: string,
): Promise<boolean> {
  const client = await deps.volc(accountId);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await deleteAccessKey(client, { UserName: userName, AccessKeyId: accessKeyId });
      return true;
    } catch (err) {
      if (isVolcCode(err, 'AccessKeyNotExist')) return true;
    }
  }
  return false;
}

function codeOf(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return String((err as { code: unknown }).code);
  return err instanceof Error ? err.name : 'unknown';
}
