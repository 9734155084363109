import { actionDoneCard } from '../../../cards/actionDone.js';
import { enableAskCard, type EnableAskView } from '../../../cards/enableAsk.js';
import type { CardJson } from '../../../cards/lib/types.js';
import { ConflictError } from '../../errors.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../policies/actor.js';
import { enableSubAccount, type EnableSubAccountResult } from '../../services/iam/enableSubAccount.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME } from './userShared.js';

const FORCE = ['force', '--force', '强制', '仍然', '确认'];

export type EnableAnswer = { done: EnableSubAccountResult } | { ask: EnableAskView };

/**
 * Enables a sub-account, or — when it has used its whole quota and `force` is not given — the question
 * to ask first (the next check would disable it again).
 */
export async function enableOrAsk(
  deps: Deps,
  input: { actor: Actor; subAccountId: string; requestId: string; force: boolean },
): Promise<EnableAnswer> {
  try {
    return { done: await enableSubAccount(deps, input) };
  } catch (err) {
    const r = err instanceof ConflictError ? err.refusal : undefined;
    if (r?.reason === 'enable_over_quota') {
      const p = r.params as { name: string; percent: string };
      return { ask: { sub: { id: input.subAccountId, name: p.name }, percent: p.percent } };
    }
    throw err;
  }
}

export function enableAnswerCard(r: EnableAnswer, locale: Locale): CardJson {
  return 'ask' in r ? enableAskCard(r.ask, locale) : enabledCard(r.done, locale);
}

/** `user enable NAME [force]` (admin): turns back on exactly what AirGate turned off, nothing else. */
export const userEnableCommand = defineChatCommand({
  key: 'userEnable',
  names: ['user enable', '用户 启用', '用户 恢复'],
  args: positional({ name: word(NAME), force: word({ zh: '强制', en: 'force' }).optional() }),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    const force = a.force !== undefined && FORCE.includes(a.force.toLowerCase());
    return enableOrAsk(deps, { actor, subAccountId: sub.id, requestId: meta.requestId, force });
  },
  render: (r, locale) => enableAnswerCard(r, locale),
});

export function enabledCard(r: EnableSubAccountResult, locale: Locale) {
  const gone = r.keysGone.length
    ? locale === 'zh'
      ? `期间已被删除的密钥保持删除：${r.keysGone.join('、')}`
      : `Keys deleted meanwhile stay deleted: ${r.keysGone.join(', ')}`
    : undefined;
  return actionDoneCard(
    {
      kind: 'enabled',
      subject: r.subAccount.userName,
      accessKeys: [...r.keysRestored, ...r.keysAlreadyActive],
      login: r.loginRestored,
      unchanged: r.alreadyActive,
      ...(gone ? { note: gone } : {}),
    },
    locale,
  );
}
