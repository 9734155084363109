import { UsageError } from '../../errors.js';
import type { AttachedPolicy } from '../../db/repos/projects.js';
import type { VolcAttachedPolicy } from '../../volc/actions/policies.js';
import { parsePolicyRef, type PolicyRef } from '../iam/validation.js';

/** The default project policies from the settings, parsed and without duplicates. */
export function defaultPolicyRefs(names: readonly string[]): PolicyRef[] {
  const out: PolicyRef[] = [];
  for (const name of names) {
    const ref = parsePolicyRef(name);
    if (!out.some((p) => samePolicy(p, ref))) out.push(ref);
  }
  return out;
}

export function samePolicy(a: PolicyRef | AttachedPolicy, b: PolicyRef | AttachedPolicy): boolean {
  return a.policyName === b.policyName && a.policyType === b.policyType;
}

/** Whether the user already holds `p` inside `project` (a global attachment does not count: it is not ours to record). */
export function heldInProject(held: readonly VolcAttachedPolicy[], p: PolicyRef, project: string): boolean {
  return held.some(
    (h) =>
      h.PolicyName === p.policyName &&
      h.PolicyType === p.policyType &&
      h.PolicyScope.some((s) => s.PolicyScopeType === 'Project' && s.ProjectName === project),
  );
}

export const policyLabel = (p: PolicyRef | AttachedPolicy) =>
  p.policyType === 'System' ? p.policyName : `${p.policyType}:${p.policyName}`;

/** A YYYY-MM-DD day that exists on the calendar. */
export function assertDay(value: string, field = 'countsFrom'): string {
  const day = value.trim();
  const at = new Date(`${day}T00:00:00Z`);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
  if (!ok)
    throw new UsageError(
      {
        reason: 'date_invalid',
        params: { value: JSON.stringify(day.slice(0, 20)) },
      },
      {
        field,
      },
    );
  return day;
}
