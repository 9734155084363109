import { UsageError } from '../../errors.js';

/** Volcengine's rule for IAM user names. */
const USER_NAME = /^[A-Za-z0-9._@+=,-]{1,64}$/;

export function assertUserName(value: string): string {
  const name = value.trim();
  if (!USER_NAME.test(name)) {
    throw new UsageError(
      { reason: 'user_name_invalid', params: { value: JSON.stringify(name.slice(0, 70)) } },
      { field: 'userName' },
    );
  }
  return name;
}

export function assertDisplayName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const name = value.trim();
  if (name.length === 0) return undefined;
  if ([...name].length > 128) {
    throw new UsageError(
      { reason: 'display_name_too_long' },
      {
        field: 'displayName',
      },
    );
  }
  return name;
}

export type PolicyRef = { policyName: string; policyType: 'System' | 'Custom' };

/** "ArkFullAccess", "System:ArkFullAccess" or "Custom:MyPolicy"; a bare name is a system policy. */
export function parsePolicyRef(text: string, type?: string): PolicyRef {
  const raw = text.trim();
  const colon = raw.indexOf(':');
  const prefix = colon > 0 ? raw.slice(0, colon) : undefined;
  const name = colon > 0 ? raw.slice(colon + 1) : raw;
  const policyType = type ?? prefix ?? 'System';
  if (policyType !== 'System' && policyType !== 'Custom') {
    throw new UsageError(
      { reason: 'policy_type_invalid', params: { value: policyType } },
      {
        field: 'policyType',
      },
    );
  }
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name)) {
    throw new UsageError(
      { reason: 'policy_name_invalid', params: { value: JSON.stringify(name.slice(0, 70)) } },
      {
        field: 'policyName',
      },
    );
  }
  return { policyName: name, policyType };
}

/** Volcengine's rule for project names. */
export function assertProjectName(value: string): string {
  const name = value.trim();
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new UsageError(
      { reason: 'project_name_invalid', params: { value: JSON.stringify(name.slice(0, 70)) } },
      { field: 'projectName' },
    );
  }
  return name;
}
