import type { Caller } from '../core.js';
import { gatewayErrors } from '../errors.js';
import type { IamState } from '../state.js';

type Statement = { Effect?: string; Action?: string | string[] };

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

function statementsOf(st: IamState, policyName: string, policyType: string): Statement[] {
  try {
    const doc = JSON.parse(st.policy(policyName, policyType).policyDocument) as { Statement?: Statement[] };
    return doc.Statement ?? [];
  } catch {
    return [];
  }
}

export type Verdict = 'allow' | 'deny' | 'none';

/**
 * IAM evaluation for an Ark action in one project (ark-api.md §7, CERTAIN: action names `ark:<Action>`,
 * project scoping through policies attached in a project). A policy attached account-wide applies in
 * every project; one attached with AttachPolicyInProject applies only in that project. An explicit
 * Deny wins over any Allow. `project` null = an account-wide request: only account-wide policies count.
 */
export function arkVerdict(st: IamState, userName: string, action: string, project: string | null): Verdict {
  let allowed = false;
  for (const a of st.attachments.get(userName)?.values() ?? []) {
    const applies = a.global !== null || (project !== null && a.projects.has(project));
    if (!applies) continue;
    for (const s of statementsOf(st, a.policyName, a.policyType)) {
      const actions = Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [];
      if (!actions.some((p) => matches(p, action))) continue;
      if (s.Effect === 'Deny') return 'deny';
      if (s.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'none';
}

/** Throws the gateway's AccessDenied (100013) unless the caller may perform `ark:<name>` in `project`. */
export function authorizeArk(
  st: IamState,
  caller: Caller,
  name: string,
  project: string | null,
  resource?: string,
): void {
  if (caller.userName === null) return;
  const action = `ark:${name}`;
  if (arkVerdict(st, caller.userName, action, project) !== 'allow') {
    throw gatewayErrors.accessDenied(
      action,
      resource ??
        (project ? `trn:iam::${st.accountId}:project/${project}` : `trn:ark:cn-beijing:${st.accountId}:*`),
    );
  }
}

/** Whether `ark:<name>` is allowed in `project` (for filtering account-wide lists). */
export function arkAllowed(st: IamState, caller: Caller, name: string, project: string): boolean {
  return caller.userName === null || arkVerdict(st, caller.userName, `ark:${name}`, project) === 'allow';
}
