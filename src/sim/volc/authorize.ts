import type { ActionDef } from './actions.js';
import type { Caller } from './core.js';
import { gatewayErrors } from './errors.js';
import type { IamState } from './state.js';

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

/**
 * Sub-account keys are real credentials here too: such a caller needs a globally attached policy that
 * allows `service:Action` (project-scoped attachments do not reach global services like IAM and billing).
 */
export function authorize(st: IamState, caller: Caller, def: ActionDef): void {
  if (caller.userName === null) return;
  const action = `${def.service}:${def.name}`;
  let allowed = false;
  for (const a of st.attachments.get(caller.userName)?.values() ?? []) {
    if (!a.global) continue;
    let statements: Statement[] = [];
    try {
      const doc = JSON.parse(st.policy(a.policyName, a.policyType).policyDocument) as {
        Statement?: Statement[];
      };
      statements = doc.Statement ?? [];
    } catch {
      continue;
    }
    for (const s of statements) {
      const actions = Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [];
      if (!actions.some((p) => matches(p, action))) continue;
      if (s.Effect === 'Deny')
        throw gatewayErrors.accessDenied(action, `trn:iam::${st.accountId}:user/${caller.userName}`);
      if (s.Effect === 'Allow') allowed = true;
    }
  }
  if (!allowed) throw gatewayErrors.accessDenied(action, `trn:iam::${st.accountId}:user/${caller.userName}`);
}
