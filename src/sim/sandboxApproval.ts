import type { Deps } from '../deps.js';
import { setupApprovalCenter } from '../feishu/approval/setup.js';
import { withReader } from '../db/repos/transaction.js';
import { systemActor } from '../policies/actor.js';
import { updateSettings } from '../services/settings/updateSettings.js';
import type { FeishuSim } from './feishu/server.js';
import { sandboxPeople } from './sandboxSeed.js';

const person = (key: string) => sandboxPeople.find((p) => p.key === key)!;

/**
 * The sandbox's approval centre and org chart: the app granted the approval and contact scopes, two
 * departments (研发中心 led by Alice ⊃ 平台组 led by Bob), AirGate's approval definition created through
 * `setupApprovalCenter` as `airgate setup approval` does, and the first sub-account's requests routed to
 * 平台组's leader (its leader's leader above ¥1,000). Called once after the AirGate seed.
 */
export async function seedSandboxApproval(
  deps: Pick<Deps, 'feishu' | 'db' | 'repos' | 'clock' | 'config'>,
  feishu: FeishuSim,
  airgateUrl: string,
): Promise<void> {
  feishu.setScopes([
    ...feishu.scopes(),
    'approval:approval',
    'contact:contact.base:readonly',
    'contact:department.base:readonly',
    'contact:department.organize:readonly',
    'contact:user.base:readonly',
  ]);
  feishu.contact.seedDepartment({
    departmentId: 'rd',
    name: '研发中心',
    leaderOpenId: person('alice').openId,
  });
  feishu.contact.seedDepartment({
    departmentId: 'platform',
    name: '平台组',
    parentDepartmentId: 'rd',
    leaderOpenId: person('bob').openId,
  });
  await setupApprovalCenter(deps, { actor: systemActor, publicUrl: airgateUrl });
  const [first] = await withReader(deps.db, (m) => deps.repos.subAccounts.list(m, {}));
  if (first)
    await updateSettings(deps, {
      actor: systemActor,
      patch: { approverDepartments: { [first.id]: 'platform' }, approvalEscalateAbove: '1000' },
    });
}
