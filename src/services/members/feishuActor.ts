import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import type { FeishuActor } from '../../policies/actor.js';

/** The actor for a Feishu user: their member roles, none when AirGate does not know them. */
export async function feishuActor(deps: Pick<Deps, 'db' | 'repos'>, openId: string): Promise<FeishuActor> {
  const member = await withReader(deps.db, (m) => deps.repos.members.findByOpenId(m, openId));
  return { kind: 'feishu', openId, name: member?.name, roles: member?.roles ?? [] };
}
