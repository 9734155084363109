import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import type { MemberDto } from '../../db/repos/members.js';
import type { Role } from '../../policies/actor.js';

export async function listMembers(
  deps: Pick<Deps, 'db' | 'repos'>,
  filter: { role?: Role } = {},
): Promise<MemberDto[]> {
  const all = await withReader(deps.db, (m) => deps.repos.members.list(m));
  return filter.role ? all.filter((m) => m.roles.includes(filter.role!)) : all;
}
