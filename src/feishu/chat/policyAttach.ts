import { actionDoneCard } from '../../../cards/actionDone.js';
import { translator } from '../../../cards/i18n/index.js';
import { uncountedSpendingNote } from '../../../cards/lib/arkEnforceability.js';
import { attachPolicy, detachPolicy, type PolicyChangeResult } from '../../services/iam/attachPolicy.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME, POLICY, PROJECT, policyOrProjectNotFound } from './userShared.js';

const args = positional({ name: word(NAME), policy: word(POLICY), project: word(PROJECT).optional() });

/** The word that confirms an account-wide attach of a policy that can spend (in place of a project). */
const ACCOUNT_WIDE = new Set(['全账号', 'account-wide', '--account-wide']);

/**
 * `policy attach NAME POLICY [PROJECT | 全账号]` (admin): in one project's scope, or account-wide — which a
 * policy that can spend gets only with 全账号 / account-wide (its spending outside the projects is not counted).
 */
export const policyAttachCommand = defineChatCommand({
  key: 'policyAttach',
  names: ['policy attach', '策略 绑定', '策略 授予'],
  args,
  policy: 'policy.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    const wide = a.project !== undefined && ACCOUNT_WIDE.has(a.project.toLowerCase());
    return attachPolicy(deps, {
      actor,
      subAccountId: sub.id,
      policy: a.policy,
      ...(a.project !== undefined && !wide ? { project: a.project } : {}),
      ...(wide ? { accountWide: true } : {}),
      requestId: meta.requestId,
    });
  },
  render: (r, locale) => policyChangedCard('policyAttached', r, locale),
  notFound: (deps, a) => policyOrProjectNotFound(deps, a),
});

/** `policy detach NAME POLICY [PROJECT]` (admin). */
export const policyDetachCommand = defineChatCommand({
  key: 'policyDetach',
  names: ['policy detach', '策略 解绑', '策略 移除'],
  args,
  policy: 'policy.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return detachPolicy(deps, {
      actor,
      subAccountId: sub.id,
      policy: a.policy,
      ...(a.project !== undefined ? { project: a.project } : {}),
      requestId: meta.requestId,
    });
  },
  render: (r, locale) => policyChangedCard('policyDetached', r, locale),
  notFound: (deps, a) => policyOrProjectNotFound(deps, a),
});

function policyChangedCard(kind: 'policyAttached' | 'policyDetached', r: PolicyChangeResult, locale: Locale) {
  const warning =
    kind === 'policyAttached' && r.uncountedSpending
      ? { note: uncountedSpendingNote(translator(locale), r.subAccount.userName) }
      : {};
  return actionDoneCard(
    { kind, subject: r.subAccount.userName, policy: policyLabel(r.policy), project: r.project, ...warning },
    locale,
  );
}
