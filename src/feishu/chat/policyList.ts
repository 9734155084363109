import { policyListCard, type PolicyRow } from '../../../cards/policyList.js';
import type { SubRef } from '../../../cards/lib/parts.js';
import type { Deps } from '../../deps.js';
import { listPolicies, listPolicyCatalog } from '../../services/iam/listPolicies.js';
import { loadSubAccount } from '../../services/iam/loadSubAccount.js';
import { withAccount } from './account.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, mainAccount, NAME, subRef } from './userShared.js';

export type PolicyListResult = { policies: PolicyRow[]; sub?: SubRef; account?: string };

/** `policy list [NAME]`: Volcengine's policies, or those attached to one sub-account with their scopes. */
export const policyListCommand = defineChatCommand({
  key: 'policyList',
  names: ['policy list', 'policies', '策略 列表', '策略'],
  args: withAccount(positional({ name: word(NAME).optional() })),
  policy: 'subaccount.view',
  run: (deps, _actor, a) => loadPolicyList(deps, a.name, false, a.account),
  render: (r, locale) => policyListCard({ ...r, page: 1 }, locale),
});

/** The rows of the policy list card (also for its paging buttons). */
export async function loadPolicyList(
  deps: Deps,
  nameOrId?: string,
  byId = false,
  accountName?: string,
): Promise<PolicyListResult> {
  if (nameOrId === undefined) {
    const account = await mainAccount(deps, accountName);
    const catalog = await listPolicyCatalog(deps, { accountId: account.id });
    return {
      policies: catalog.map((p) => ({
        name: p.policyName,
        type: p.policyType === 'Custom' ? 'custom' : 'system',
        description: p.description,
      })),
      ...(accountName ? { account: account.name } : {}),
    };
  }
  const sub = byId ? await loadSubAccount(deps, nameOrId) : await findSubAccount(deps, nameOrId);
  const attached = await listPolicies(deps, { subAccountId: sub.id });
  const policies: PolicyRow[] = attached.flatMap((p) =>
    p.scopes.map((s) => ({
      name: p.policyName,
      type: p.policyType === 'Custom' ? ('custom' as const) : ('system' as const),
      description: p.description,
      project: s.type === 'project' ? s.project : null,
    })),
  );
  return { policies, sub: subRef(sub) };
}
