import { userCreatedCard, userCreatedNoticeCard } from '../../../cards/userCreated.js';
import type { Deps } from '../../deps.js';
import { randomUUID } from 'node:crypto';
import { AppError, ConflictError } from '../../errors.js';
import { FeishuApiError } from '../errors.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import { createSubAccount } from '../../services/iam/createSubAccount.js';
import { discardAccessKey, type KeyDiscardOutcome } from '../../services/iam/discardAccessKey.js';
import { explainVolc } from '../../services/iam/volcErrors.js';
import { assertProjectName } from '../../services/iam/validation.js';
import { getProject } from '../../volc/actions/projects.js';
import { listVolcProjects } from '../../services/projects/listVolcProjects.js';
import { closest } from './suggest.js';
import { defineChatCommand } from './define.js';
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
 * through the outbox (it must not be stored), always by direct message: an ephemeral card in a group
 * reaches only the clients online at that moment and fails in topic groups. If that delivery fails the
 * new key is deactivated and deleted, not re-sent (RELIABILITY S4), and the answer says what became of
 * it; creating the same name again then makes only a fresh key (retrying a key left behind). In a group,
 * the chat is told where the key went; nothing of it appears there.
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
        quotaZero: created.subAccount.balance.lte(0),
      },
      meta.locale,
    );
    try {
      await deliverPrivately(deps, actor, card);
    } catch (err) {
      const { outcome, codes } = await discardAccessKey(deps, {
        actor,
        subAccountId: created.subAccount.id,
        accessKeyId: created.accessKeyId,
        reason: 'undelivered',
        requestId: meta.requestId,
      });
      deps.log.warn(
        {
          eventId: meta.eventId,
          userName: created.subAccount.userName,
          accessKeyId: created.accessKeyId,
          code: codeOf(err),
          outcome,
          volcCodes: codes,
        },
        'the new access key could not be delivered privately; it was discarded',
      );
      throw new SecretNotDeliveredError(
        undeliveredMessage(created.subAccount.userName, created.accessKeyId, outcome),
      );
    }
    if (meta.chatType !== 'p2p')
      await meta.reply({ card: userCreatedNoticeCard({ name: created.subAccount.userName }, meta.locale) });
    // The project could not be added: the sub-account and its key exist all the same; say why.
    if (created.projectError) {
      const err = created.projectError.error;
      // The answer may show this request id: the log has it, with what went wrong.
      deps.log.warn(
        { eventId: meta.eventId, requestId: meta.requestId, code: created.projectError.code, err },
        'the new sub-account was created but its first project could not be added',
      );
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

/** Waits between attempts of a private delivery refused for frequency (or a Feishu 5xx): about 3.5 s in all. */
export const PRIVATE_DELIVERY_BACKOFF_MS = [500, 1000, 2000] as const;

/**
 * Straight to Feishu by direct message, bypassing the outbox (the card must never be stored). A rate-limit
 * refusal (11232 and the other codes of errors.ts) or a 5xx is retried a few times with the same uuid, which
 * Feishu de-duplicates, before the key is given up for lost; anything else fails at once.
 */
async function deliverPrivately(deps: Deps, actor: FeishuActor, card: CardJson): Promise<void> {
  const sender = deps.feishu?.sender;
  if (!sender) throw new ConflictError({ reason: 'feishu_not_configured' });
  const uuid = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      await sender.sendToUser(actor.openId, { card }, { uuid });
      return;
    } catch (err) {
      const retryable = err instanceof FeishuApiError && (err.kind === 'rate_limit' || err.kind === 'server');
      const wait = PRIVATE_DELIVERY_BACKOFF_MS[attempt];
      if (!retryable || wait === undefined) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** What became of the undelivered key, truthfully: deleted, only deactivated, still active, or unknown. */
function undeliveredMessage(n: string, keyId: string, outcome: KeyDiscardOutcome): string {
  const head = `子账号 ${n} 已创建，但密钥无法私信发送给你（没有任何人见过它），`;
  const headEn = `sub-account ${n} was created, but its key could not be sent to you by direct message (nobody saw it), `;
  const again = `请确认能收到机器人私信后再次执行「用户 创建 ${n}」生成新密钥`;
  const againEn = `make sure the bot can message you, then run "user create ${n}" again for a new key`;
  if (outcome === 'deleted')
    return `${head}已删除该密钥；${again} / ${headEn}so the key was deleted; ${againEn}`;
  if (outcome === 'inactive') {
    return (
      `${head}该密钥 ${keyId} 已停用但未能删除（无法使用）；${again}，届时会再次尝试删除它 / ` +
      `${headEn}so key ${keyId} was deactivated but could not be deleted (it cannot be used); ${againEn}, which retries the deletion`
    );
  }
  return (
    `${head}且该密钥 ${keyId} 未能停用或删除${outcome === 'active' ? '，仍然有效' : '（状态未知）'}：请立即在火山引擎控制台删除它，或再次执行「用户 创建 ${n}」重试 / ` +
    `${headEn}and key ${keyId} could not be deactivated or deleted${outcome === 'active' ? ' and is still active' : ' (its state is unknown)'}: ` +
    `delete it in the Volcengine console now, or run "user create ${n}" again to retry`
  );
}

function codeOf(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return String((err as { code: unknown }).code);
  return err instanceof Error ? err.name : 'unknown';
}
