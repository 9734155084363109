import type { Deps } from '../../deps.js';
import { listAllPolicies, listAttachedUserPolicies } from '../../volc/actions/policies.js';
import { loadPresentSubAccount } from './loadSubAccount.js';
import { explainVolc } from './volcErrors.js';

export type AttachedPolicyView = {
  policyName: string;
  policyType: 'System' | 'Custom';
  description: string;
  /** 'global', or the projects it is attached in. */
  scopes: Array<{ type: 'global' } | { type: 'project'; project: string }>;
};

export type CatalogPolicyView = {
  policyName: string;
  policyType: 'System' | 'Custom';
  description: string;
  category: string;
};

/** The policies attached to a sub-account, each with the scopes it is attached in. */
export async function listPolicies(
  deps: Pick<Deps, 'db' | 'repos' | 'volc'>,
  input: { subAccountId: string },
): Promise<AttachedPolicyView[]> {
  const sub = await loadPresentSubAccount(deps, input.subAccountId);
  const client = await deps.volc(sub.accountId);
  const attached = await explainVolc(() => listAttachedUserPolicies(client, { UserName: sub.userName }));
  return attached.map((p) => ({
    policyName: p.PolicyName,
    policyType: p.PolicyType,
    description: p.Description ?? '',
    scopes:
      p.PolicyScope.length === 0
        ? [{ type: 'global' as const }]
        : p.PolicyScope.map((s) =>
            s.PolicyScopeType === 'Project' && s.ProjectName
              ? { type: 'project' as const, project: s.ProjectName }
              : { type: 'global' as const },
          ),
  }));
}

/** The policies a main account can grant (system and custom), optionally filtered by a search text. */
export async function listPolicyCatalog(
  deps: Pick<Deps, 'volc'>,
  input: { accountId: string; query?: string },
): Promise<CatalogPolicyView[]> {
  const client = await deps.volc(input.accountId);
  const out: CatalogPolicyView[] = [];
  for await (const p of listAllPolicies(client, input.query ? { Query: input.query } : {})) {
    out.push({
      policyName: p.PolicyName,
      policyType: p.PolicyType,
      description: p.Description ?? '',
      category: p.Category ?? '',
    });
  }
  return out;
}
