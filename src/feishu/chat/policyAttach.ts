import { actionDoneCard } from '../../../cards/actionDone.js';
import { attachPolicy, detachPolicy, type PolicyChangeResult } from '../../services/iam/attachPolicy.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME, POLICY, PROJECT, policyOrProjectNotFound } from './userShared.js';

const args = positional({ name: word(NAME), policy: word(POLICY), project: word(PROJECT).optional() });

/** `policy attach NAME POLICY [PROJECT]` (admin): account-wide, or in one project's scope only. */
export const policyAttachCommand = defineChatCommand({
  key: 'policyAttach',
  names: ['policy attach', '策略 绑定', '策略 授予'],
  args,
  policy: 'policy.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return attachPolicy(deps, {
      actor,
      subAccountId: sub.id,
      policy: a.policy,
      ...(a.project !== undefined ? { project: a.project } : {}),
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
  return actionDoneCard(
    { kind, subject: r.subAccount.userName, policy: policyLabel(r.policy), project: r.project },
    locale,
  );
}
