import { UsageError } from '../../errors.js';
import { ROLES, type Role } from '../../policies/actor.js';

/** A Feishu open_id ("ou_" + letters and digits). */
export function assertOpenId(openId: string): string {
  const id = openId.trim();
  if (!/^ou_[A-Za-z0-9_-]{1,60}$/.test(id)) {
    throw new UsageError(
      { reason: 'open_id_invalid', params: { value: JSON.stringify(id.slice(0, 70)) } },
      {
        field: 'openId',
      },
    );
  }
  return id;
}

export function assertRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new UsageError(
      { reason: 'roles_invalid', params: { roles: ROLES.join('/') } },
      {
        field: 'roles',
      },
    );
  }
  return ROLES.filter((r) => roles.includes(r));
}
